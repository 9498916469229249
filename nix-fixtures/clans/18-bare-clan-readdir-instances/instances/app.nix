{
  module = {
    name = "webapp";
    input = "self";
  };
  roles.default.tags = [ "app" ];
  roles.default.settings.database = "postgres://fra-a/app";
}
