{
  inventory.instances.borgbackup = {
    roles.server.tags."backup-target" = { };
    roles.client.tags = [ "laptop" "server" ];
  };
}
