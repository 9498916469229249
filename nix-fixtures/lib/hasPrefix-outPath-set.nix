lib:
  lib.hasPrefix { outPath = "ab"; } "abc"
