# Case 50 — clan-semantics §16 example 38 (§3.2, §13): `meta.name = "my clan!"` does not match
# `[a-zA-Z0-9_-]*` -> type error.
{
  meta.name = "my clan!";
  inventory.machines.jon = { };
}
