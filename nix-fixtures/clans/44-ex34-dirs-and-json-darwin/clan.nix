# Case 44 — clan-semantics §16 example 34 (lib/tests.nix, test_fn_clan_core): directories
# test-backup, test-darwin-machine and test-inventory-machine plus an inventory.json that
# makes test-darwin-machine darwin -> nixos: [test-backup, test-inventory-machine],
# darwin: [test-darwin-machine].
{
  meta.name = "test";
  inventory.instances.darwin-only = {
    module.input = "self";
    roles.default.tags.darwin = { };
  };
}
