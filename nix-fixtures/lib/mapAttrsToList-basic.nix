lib:
  lib.mapAttrsToList (n: v: [ n v ]) { z = 1; a = 2; m = 3; }
