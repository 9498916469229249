lib:
  lib.unique [ { b = 1; } { a = 1; } { b = 1; } ]
