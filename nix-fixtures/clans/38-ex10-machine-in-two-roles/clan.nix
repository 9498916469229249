# Case 38 — clan-semantics §16 example 10 (tests/per_machine_args.nix, per_instance_args.nix;
# §7.1): jon only in `peer` of instance_foo and instance_bar -> its roles there are [peer];
# sara in `controller` and `peer` of instance_baz -> [controller, peer] (memberships).
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    machines.sara = { };
    instances = {
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
        roles.peer.machines.jon = { };
      };
      instance_baz = {
        module = {
          name = "A";
          input = "self";
        };
        roles.controller.machines.sara = { };
        roles.peer.machines.sara = { };
      };
    };
  };
}
