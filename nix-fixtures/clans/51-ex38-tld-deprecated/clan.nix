# Case 51 — clan-semantics §16 example 38 (§3.2): `meta.tld = "ccc"` gives domain "ccc" and the
# deprecation warning "`clan.meta.tld` has been deprecated in favor of `clan.meta.domain`..."
# (expected.stderr holds the trace).
{
  meta.name = "test";
  meta.tld = "ccc";
  inventory.machines.jon = { };
}
