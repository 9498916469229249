lib:
  builtins.attrNames (lib.mapAttrs' (n: v: lib.nameValuePair (n + n) v) { a = throw "x"; b = throw "y"; })
