lib:
  lib.intersectLists [ 3 1 ] [ 1 2 3 4 3 ]
