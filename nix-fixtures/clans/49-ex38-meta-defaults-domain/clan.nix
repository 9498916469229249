# Case 49 — clan-semantics §16 example 38 (lib/tests.nix; §3.2): meta defaults
# {description=null; icon=null; tld=null} with `meta.domain = "x"` (a single letter is a
# valid domainName); meta given through the top-level `meta` option.
{
  meta.name = "test";
  meta.domain = "x";
  inventory.machines.jon = { };
}
