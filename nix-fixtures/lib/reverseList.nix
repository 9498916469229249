lib:
  lib.reverseList [ 1 2 3 "x" ]
