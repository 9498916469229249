# normalised: the flake-parts `clan` value
{
  meta.description = "nameless";
  inventory.machines.jon = { };
  inventory.instances.sshd.roles.server.tags.all = { };
}
