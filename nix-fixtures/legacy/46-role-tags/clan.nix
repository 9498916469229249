# clan-semantics §16 example 46 (legacy): role members from a tag; an
# untagged machine is not a member.
{
  meta.name = "legacy46";
  inventory = {
    machines.client_1_machine.tags = [ "backup" ];
    machines.client_2_machine.tags = [ "backup" ];
    machines.not_used_machine = { };
    services.borgbackup.instance_1 = {
      roles.client.tags = [ "backup" ];
    };
  };
}
