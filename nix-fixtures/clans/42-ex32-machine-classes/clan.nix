# Case 42 — clan-semantics §16 example 32 (lib/tests.nix): top-level machines.machine1,
# inventory machine2 darwin, machine3 nixos -> tags.nixos = [machine1, machine3],
# tags.darwin = [machine2]; an instance on tags.darwin / tags.nixos.
{
  meta.name = "test";
  machines.machine1 = { };
  inventory.machines.machine2.machineClass = "darwin";
  inventory.machines.machine3.machineClass = "nixos";
  inventory.instances.brew = {
    module.input = "self";
    roles.default.tags.darwin = { };
  };
  inventory.instances.sshd.roles.server.tags.nixos = { };
}
