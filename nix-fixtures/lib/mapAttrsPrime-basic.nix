lib:
  lib.mapAttrs' (n: v: lib.nameValuePair "pre-${n}" (v * 2)) { a = 1; b = 2; }
