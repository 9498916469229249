lib:
  lib.mkOption { default = 1; description = "d"; }
