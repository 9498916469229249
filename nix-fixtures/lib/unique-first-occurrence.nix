lib:
  lib.unique [ "b" "a" "b" "c" "a" ]
