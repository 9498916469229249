lib:
  lib.getAttrs [ "a" "c" ] { a = 1; b = 2; c = 3; }
