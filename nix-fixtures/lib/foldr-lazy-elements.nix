lib:
  lib.foldr (x: acc: acc) 0 [ (throw "a") (throw "b") ]
