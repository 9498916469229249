# Case 31 — clan-semantics §16 example 2 (test_add_machines_via_tags):
# jon{foo}, sara{foo}, hxi{} and `roles.peer.tags.foo = {}` -> M = [jon, sara].
{
  meta.name = "test";
  inventory = {
    machines = {
      jon.tags = [ "foo" ];
      sara.tags = [ "foo" ];
      hxi = { };
    };
    instances.instance_foo = {
      module = {
        name = "A";
        input = "self";
      };
      roles.peer.tags.foo = { };
    };
  };
}
