lib:
  lib.removePrefix "x" { outPath = "abc"; }
