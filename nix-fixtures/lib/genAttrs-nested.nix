lib:
  lib.genAttrs [ "a" "b" ] (n: lib.genAttrs [ "x" ] (m: n + m))
