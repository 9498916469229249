lib:
  lib.count (x: lib.elem x [ 2 4 6 ]) (lib.range 1 10)
