lib:
  lib.genList (i: i * i) 4
