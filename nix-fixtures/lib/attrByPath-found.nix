lib:
  lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }
