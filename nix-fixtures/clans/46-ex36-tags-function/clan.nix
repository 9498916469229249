# Case 46 — clan-semantics §16 example 36 first part (§3.4, §6.1 function form): machines
# bar (darwin), foo and jon; `inventory.tags = { config, ... }: { allButFoo = filter
# (n: n != "foo") config.all; }` -> allButFoo = [bar, jon]; a role on allButFoo.
{
  meta.name = "test";
  inventory = {
    machines.bar.machineClass = "darwin";
    machines.foo = { };
    machines.jon = { };
    tags =
      { config, ... }:
      {
        allButFoo = builtins.filter (n: n != "foo") config.all;
      };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.tags.allButFoo = { };
    };
  };
}
