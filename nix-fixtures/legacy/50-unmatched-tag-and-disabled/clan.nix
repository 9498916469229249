# clan-semantics §16 example 50 (legacy): a role tag without machines only
# warns (legacy wording); `enabled = false` keeps the instance listed but
# removes it from every machine.
{
  meta.name = "legacy50";
  inventory = {
    machines.jon = { };
    machines.sara.tags = [ "backup" ];
    services.borgbackup.instance_1 = {
      roles.client.tags = [ "tagXYZ" ];
      roles.server.machines = [ "sara" ];
    };
    services.borgbackup.off = {
      enabled = false;
      roles.client.machines = [ "jon" ];
    };
  };
}
