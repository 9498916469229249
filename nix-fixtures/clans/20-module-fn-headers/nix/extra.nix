{...}:
{
  clan.inventory.instances.syncthing.roles.peer.machines."srv-01".settings.introducer = true;
}
