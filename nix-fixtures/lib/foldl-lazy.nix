lib:
  lib.foldl (acc: x: x) (throw "never") [ 1 2 ]
