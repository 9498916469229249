{
  inventory.instances.admin = {
    roles.default.tags.all = { };
    roles.default.settings.allowedKeys.me = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF";
  };
}
