# Values shown by nixpkgs' module errors (`showDefs`: `lib.generators.toPretty`
# of `withRecursion { depthLimit = 10; throwOnDepthLimit = false; }`).
# expected.json is real Nix's rendering of each (see tests/pretty.rs).
[
  1
  (-7)
  true
  false
  null
  "plain"
  "quote \" backslash \\ dollar ${"$"}{x} tab\t"
  "two\nlines"
  "ends with newline\n"
  "has '' and ${"$"}{ in\nmany lines"
  [ ]
  [ "laptop" ]
  [ 1 [ 2 [ ] ] { } ]
  { }
  { port = 2222; }
  { machines = { jon = { }; }; }
  { "with space" = 1; "1starts-digit" = 2; "if" = 3; ok-name' = 4; "dollar$" = 5; }
  (x: x)
  ({ a, b ? 1, ... }: a)
  { type = "derivation"; name = "hello"; }
  { type = "derivation"; }
  { a.b.c.d.e.f.g.h.i.j.k.l = 1; }
  { a.b.c.d.e.f.g.h.i = [ 1 ]; }
  { a.b.c.d.e.f.g.h.i.j = { }; }
  { settings = { enable = true; port = 11330; extra = { opts = [ ]; }; }; }
]
