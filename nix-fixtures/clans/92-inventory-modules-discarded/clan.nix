# Case 92 — clan-semantics §3.8: `inventory.modules` (from Nix and from inventory.json) is
# accepted and silently discarded; `inventory.assertions`-style internals are not serialized.
{
  meta.name = "modulesdiscarded";
  inventory.modules.legacy-thing = ./legacy-thing;
  inventory.machines.jon = { };
  inventory.instances.legacy-thing = {
    module.input = "self";
    roles.default.machines.jon = { };
  };
}
