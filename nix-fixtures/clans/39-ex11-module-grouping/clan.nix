# Case 39 — clan-semantics §16 example 11 (test_module_grouping, test_creates_all_instances;
# §8.3): several instances of the same module. Grouping (`<clan-core>-A`, `self-A`, ...) is
# internal to clan; the oracle output shows each instance's module {name, input} and members.
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    machines.sara = { };
    instances = {
      foo = {
        module.name = "A";
        roles.peer.machines.jon = { };
      };
      bar = {
        module.name = "B";
        roles.peer.machines.sara = { };
      };
      baz = {
        module.name = "A";
        roles.peer.tags.all = { };
      };
      instance_foo = {
        module = {
          name = "A";
          input = "self";
        };
        roles.peer.machines.jon = { };
      };
      instance_bar = {
        module = {
          name = "A";
          input = "self";
        };
        roles.peer.machines.sara = { };
      };
      zaza = {
        module.name = "B";
        roles.peer.tags.all = { };
      };
    };
  };
}
