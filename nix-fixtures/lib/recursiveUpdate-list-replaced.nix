lib:
  lib.recursiveUpdate { a = [ 1 2 ]; } { a = [ 3 ]; }
