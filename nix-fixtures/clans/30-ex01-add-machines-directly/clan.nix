# Case 30 — clan-semantics §16 example 1 (lib/inventory/distributed-service/tests/default.nix,
# test_add_machines_directly). Machines jon, sara, hxi; `A` is the clan's own service
# (input "self") with role `peer`; instance_zaza uses module `B` (with input null =
# clan-core), which exists nowhere: the serialization and membership still succeed
# (M(instance_zaza, peer) = [hxi, jon, sara]); only building a machine would fail with
# "clan-core doesn't provide clan-module with name 'B'." — the oracle stubs every module,
# so that failure is NOT represented here (§7.5).
{
  meta.name = "test";
  modules.A = ./modules/A.nix;

  inventory = {
    machines = {
      jon = { };
      sara = { };
      hxi = { };
    };
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
        roles.peer.machines.sara = { };
      };
      instance_zaza = {
        module.name = "B";
        roles.peer.tags.all = { };
      };
    };
  };
}
