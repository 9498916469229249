lib:
  lib.pipe [ 1 2 ] [ (map (x: x + 1)) builtins.length ]
