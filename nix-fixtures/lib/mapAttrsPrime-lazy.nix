lib:
  (lib.mapAttrs' (n: v: lib.nameValuePair n 1) { a = throw "x"; }).a
