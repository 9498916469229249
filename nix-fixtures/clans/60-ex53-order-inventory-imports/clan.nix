# Case 60 — clan-semantics §16 example 53 (§4.2): top level jon.tags = ["top"], an imported
# clan module with `inventory = { imports = [ {..["deep"]} { imports = [ {..["deeper"]} ]; } ]; }`
# and JSON ["json"] -> ["top","json","deep","deeper","all","nixos"] (imports inside an
# `inventory` value sit below the inventory.json definition).
{
  meta.name = "test";
  imports = [ ./deep.nix ];
  inventory.machines.jon.tags = [ "top" ];
}
