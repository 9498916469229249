lib:
  lib.foldl (acc: x: "(${acc} ${x})") "nil" [ "a" "b" "c" ]
