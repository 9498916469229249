lib:
  lib.genAttrs [ "a" "a" ] (n: n)
