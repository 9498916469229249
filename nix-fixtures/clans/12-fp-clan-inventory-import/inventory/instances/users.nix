{
  user-admin = {
    module.name = "users";
    module.input = "clan-core";
    roles.default.tags.server.settings = {
      user = "admin";
      share = true;
    };
  };
}
