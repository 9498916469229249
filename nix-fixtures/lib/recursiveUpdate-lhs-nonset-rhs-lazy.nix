lib:
  builtins.attrNames (lib.recursiveUpdate { a = 1; } { a = throw "x"; })
