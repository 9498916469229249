# not a module: skipped by import-tree (leading underscore), imported by hand
{
  mkUser = name: {
    module.name = "users";
    roles.default.tags.all.settings.user = name;
  };
}
