lib:
  lib.foldr (x: acc: [ x ] ++ acc) [ "end" ] [ 1 2 3 ]
