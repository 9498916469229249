lib:
  lib.mkDefault { a = 1; }
