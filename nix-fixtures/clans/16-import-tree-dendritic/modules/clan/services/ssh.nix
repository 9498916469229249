{
  clan.inventory.instances.sshd = {
    roles.server.tags = [ "all" ];
    roles.client.tags.desktop = { };
  };
}
