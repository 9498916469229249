# Case 74 — clan-semantics §3.3, §4.1: an unknown machine option (typo `tag` for `tags`)
# -> "The option `inventory.machines.jon.tag' does not exist." with "Did you mean".
{
  meta.name = "typo";
  inventory.machines.jon.tag = [ "laptop" ];
}
