# Case 34 — clan-semantics §16 example 5 (§7.5): `roles.peer = {}` and `roles.server.tags = []`
# both resolve to []; an instance without `roles` serialises with "roles": {}.
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer = { };
      roles.server.tags = [ ];
    };
    instances.i2 = {
      module = {
        name = "svc";
        input = "self";
      };
    };
    instances.i3 = { };
  };
}
