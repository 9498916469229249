lib:
  lib.recursiveUpdate { a.b.c.d = 1; a.b.x = 2; } { a.b.c.e = 3; a.y = 4; }
