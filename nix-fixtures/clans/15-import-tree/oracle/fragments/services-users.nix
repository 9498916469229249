{
  inventory.instances.user-ops = {
    module.name = "users";
    roles.default.tags.all.settings.user = "ops";
  };
}
