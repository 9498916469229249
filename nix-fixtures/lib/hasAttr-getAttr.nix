lib:
  [ (lib.hasAttr "a" { a = 1; }) (lib.getAttr "a" { a = 7; }) ]
