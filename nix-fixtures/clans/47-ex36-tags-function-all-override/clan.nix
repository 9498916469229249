# Case 47 — clan-semantics §16 example 36 second part (§6.1): adding `all = [ "jon" ]` to the
# tags function replaces the computed `all` -> all = [jon], allButFoo = [jon]; bar's tags
# ["darwin"], foo's ["nixos"], jon's ["all","allButFoo","nixos"]; `roles.*.tags.all` now
# matches jon only.
{
  meta.name = "test";
  inventory = {
    machines.bar.machineClass = "darwin";
    machines.foo = { };
    machines.jon = { };
    tags =
      { config, ... }:
      {
        all = [ "jon" ];
        allButFoo = builtins.filter (n: n != "foo") config.all;
      };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.tags.all = { };
    };
  };
}
