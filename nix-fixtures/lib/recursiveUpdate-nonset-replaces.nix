lib:
  lib.recursiveUpdate { a = { b = 1; }; c = 1; } { a = 5; c = { x = 1; }; }
