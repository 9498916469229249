# normalised: `import ./inventory { inherit lib inputs; }` evaluated by hand
{
  machines = {
    ns1.tags = [ "server" "dns" ];
    ns2.tags = [ "server" "dns" ];
    mail.tags = [ "server" ];
    laptop = { };
  };
  instances = {
    unbound = {
      module.input = "self";
      roles.resolver.machines = {
        mail = { };
        ns1 = { };
        ns2 = { };
      };
      roles.client.tags.all = { };
    };
    user-admin = {
      module.name = "users";
      module.input = "clan-core";
      roles.default.tags.server.settings = {
        user = "admin";
        share = true;
      };
    };
  };
}
