lib:
  lib.foldr (x: acc: x) 0 [ 1 (throw "never") ]
