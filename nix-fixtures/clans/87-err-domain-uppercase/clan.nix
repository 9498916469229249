# Case 87 — clan-semantics §3.2: `meta.domain` must match the domainName pattern; upper case
# is a type error.
{
  meta.name = "domain";
  meta.domain = "Foo.com";
  inventory.machines.jon = { };
}
