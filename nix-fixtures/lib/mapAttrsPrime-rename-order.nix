lib:
  lib.mapAttrs' (n: v: lib.nameValuePair (if n == "b" then "a" else "b") n) { a = 1; b = 2; }
