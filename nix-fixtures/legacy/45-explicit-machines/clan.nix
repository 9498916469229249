# clan-semantics §16 example 45 (legacy `inventory.services`): explicit role
# machines as lists.
{
  meta.name = "legacy45";
  inventory = {
    machines.backup_server = { };
    machines.client_1_machine = { };
    machines.client_2_machine = { };
    services.borgbackup.instance_1 = {
      roles.server.machines = [ "backup_server" ];
      roles.client.machines = [
        "client_1_machine"
        "client_2_machine"
      ];
    };
  };
}
