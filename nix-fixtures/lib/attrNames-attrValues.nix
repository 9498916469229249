lib:
  [ (lib.attrNames { b = 1; a = 2; }) (lib.attrValues { b = 1; a = 2; }) ]
