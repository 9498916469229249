lib:
  lib.collect (v: builtins.isInt v) { a = 1; b = { c = 2; d = [ 3 ]; }; e = "s"; }
