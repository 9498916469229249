lib:
  lib.filterAttrs (n: v: lib.hasPrefix "x" n) { xa = throw "kept but lazy"; yb = 2; xc = 3; } ? xa
