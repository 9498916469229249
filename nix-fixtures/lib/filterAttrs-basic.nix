lib:
  lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; c = 3; }
