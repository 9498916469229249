lib:
  lib.recursiveUpdate { a = { b = { c = 1; }; }; } { a = { b = 2; d = { e = 3; }; }; }
