# Case 53 — clan-semantics §16 example 39 (§3.8): even an empty legacy `inventory.services = {}`
# makes the serialization fail with the removed-option assertion (nixosConfigurations would
# still evaluate — not modelled by the oracle).
{
  meta.name = "test";
  inventory.machines.jon = { };
  inventory.services = { };
}
