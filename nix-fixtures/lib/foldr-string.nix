lib:
  lib.foldr (x: acc: "(${x} ${acc})") "nil" [ "a" "b" "c" ]
