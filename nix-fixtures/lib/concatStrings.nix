lib:
  lib.concatStrings [ "a" "b" "c" ]
