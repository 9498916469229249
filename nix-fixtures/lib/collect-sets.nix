lib:
  lib.collect (x: x ? outPath2) { a = { outPath2 = "a"; }; b = { c = { outPath2 = "c"; }; }; }
