lib:
  lib.mapAttrsRecursive (path: v: lib.concatStringsSep "." path + "=" + toString v) { a = { b = 1; c = { d = 2; }; }; e = 3; }
