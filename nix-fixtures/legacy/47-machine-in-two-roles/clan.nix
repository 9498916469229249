# clan-semantics §16 example 47 (legacy): one machine in two roles of one
# instance (once explicitly, once through a tag).
{
  meta.name = "legacy47";
  inventory = {
    machines.machine_1.tags = [ "backup" ];
    machines.machine_2 = { };
    services.borgbackup.instance_1 = {
      roles.client.tags = [ "backup" ];
      roles.server.machines = [ "machine_1" "machine_2" ];
    };
  };
}
