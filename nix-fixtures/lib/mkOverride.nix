lib:
  lib.mkOverride 75 "x"
