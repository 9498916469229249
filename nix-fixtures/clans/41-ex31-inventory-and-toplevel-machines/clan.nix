# Case 41 — clan-semantics §16 example 31 (lib/tests.nix): `inventory.machines.machine1 = {}`
# and top-level `machines.machine2 = {}` -> both are inventory machines (nixos).
{
  meta.name = "test";
  inventory.machines.machine1 = { };
  machines.machine2 = { };
}
