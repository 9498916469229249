self:
{ lib, ... }:
{
  inventory.instances.user-root = {
    module.name = "users";
    roles.default.tags.all = { };
    roles.default.settings = {
      user = "root";
      prompt = false;
    };
  };
}
