{
  flake.modules.clan.base = {
    meta.name = "published";
    inventory.machines.m1.tags = [ "base" ];
    inventory.instances.sshd.roles.server.tags.all = { };
  };
}
