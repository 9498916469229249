lib:
  lib.mergeAttrs { a = 1; b = 1; } { b = 2; }
