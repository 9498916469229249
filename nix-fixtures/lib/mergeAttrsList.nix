lib:
  lib.mergeAttrsList [ { a = 1; b = 1; } { b = 2; c = 2; } { c = 3; } ]
