lib:
  lib.unique [ 3 1 3 2 1 "a" "a" { x = 1; } { x = 1; } [ 1 ] [ 1 ] ]
