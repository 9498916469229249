lib:
  lib.genAttrs' [ 1 2 3 ] (i: lib.nameValuePair "k${toString i}" (i * i))
