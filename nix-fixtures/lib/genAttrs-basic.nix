lib:
  lib.genAttrs [ "b" "a" "c" ] (n: n + "!")
