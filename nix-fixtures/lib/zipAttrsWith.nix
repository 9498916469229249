lib:
  lib.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ]
