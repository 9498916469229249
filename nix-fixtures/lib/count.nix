lib:
  lib.count (x: x > 1) [ 1 2 3 0 5 ]
