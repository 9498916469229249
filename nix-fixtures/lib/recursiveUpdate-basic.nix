lib:
  lib.recursiveUpdate { a = { b = 1; c = 2; }; d = 3; } { a = { c = 20; e = 5; }; f = 6; }
