lib:
  lib.foldl' (acc: x: acc * 10 + x) 0 [ 1 2 3 ]
