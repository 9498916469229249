lib:
  lib.attrByPath [ "a" "b" "c" ] "dflt" { a.b = 5; }
