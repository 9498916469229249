# Case 82 — clan-semantics §3.3: `tags = "laptop"` (a string instead of a list) ->
# "is not of type `list of string'".
{
  meta.name = "tagstring";
  inventory.machines.jon.tags = "laptop";
}
