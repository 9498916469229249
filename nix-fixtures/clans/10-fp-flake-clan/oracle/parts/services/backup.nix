{
  inventory.machines.hub.tags = [ "backup" ];
  inventory.instances.borgbackup = {
    roles.server.tags.backup = { };
    roles.client.tags.spoke = { };
  };
}
