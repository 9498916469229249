# Case 77 — clan-semantics §3.5, §18 item 2: the legacy instance key `enabled` does not exist
# on instances -> "The option `inventory.instances.i.enabled' does not exist."
{
  meta.name = "enabled";
  inventory.machines.jon = { };
  inventory.instances.i = {
    enabled = false;
    roles.default.machines.jon = { };
  };
}
