# normalised: the buildClan argument without `directory = self;`
{
  meta.name = "webfarm";

  machines = {
    db =
      { ... }:
      {
        services.postgresql.enable = true;
      };
  };

  inventory = {
    machines.lb = {
      tags = [ "edge" ];
    };
    machines.web1.tags = [ "web" ];
    machines.web2.tags = [ "web" ];

    instances = {
      nginx = {
        module.input = "self";
        roles.backend.tags.web = { };
        roles.frontend.tags.edge = { };
      };
      postgres = {
        module.input = "self";
        roles.server.machines.db = { };
        roles.client.tags = [ "web" ];
      };
    };
  };
}
