lib:
  lib.mapAttrs' (n: v: lib.nameValuePair "same" v) { a = 1; b = 2; c = 3; }
