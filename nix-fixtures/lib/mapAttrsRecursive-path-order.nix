lib:
  lib.collect builtins.isList (lib.mapAttrsRecursive (p: v: p) { z = { y = 1; x = 2; }; a = 3; })
