# Case 85 — clan-semantics §5.4: meta.name in the top-level `meta` and a different one in
# inventory.json conflict.
{
  meta.name = "nixname";
  inventory.machines.jon = { };
}
