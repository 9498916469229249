lib:
  lib.attrsToList { b = 2; a = 1; }
