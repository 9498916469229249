# Case 76 — clan-semantics §3.5: `module = "zerotier"` (a string instead of
# `{ name = ...; }`) -> "is not of type `submodule'".
{
  meta.name = "modstr";
  inventory.machines.jon = { };
  inventory.instances.zt = {
    module = "zerotier";
    roles.controller.machines.jon = { };
  };
}
