lib:
  lib.nameValuePair "n" { v = 1; }
