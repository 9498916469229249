# Case 52 — clan-semantics §16 example 38 (§5.4): different `name` values in the top-level
# `meta` and in `inventory.meta` conflict.
{
  meta.name = "test";
  inventory.meta.name = "other";
  inventory.machines.jon = { };
}
