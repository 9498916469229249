{
  inventory.instances.sshd = {
    roles.server.tags.all = { };
  };
}
