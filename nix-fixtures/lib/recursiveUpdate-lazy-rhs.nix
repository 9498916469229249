lib:
  (lib.recursiveUpdate { a = 1; } { a = 2; }).a
