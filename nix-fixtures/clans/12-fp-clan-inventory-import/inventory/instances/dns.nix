{ servers }:
{
  unbound = {
    module.input = "self";
    roles.resolver.machines = builtins.listToAttrs (
      map (name: {
        inherit name;
        value = { };
      }) servers
    );
    roles.client.tags.all = { };
  };
}
