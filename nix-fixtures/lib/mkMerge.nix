lib:
  lib.mkMerge [ { a = 1; } (lib.mkIf true { b = 2; }) ]
