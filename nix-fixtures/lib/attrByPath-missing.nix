lib:
  lib.attrByPath [ "a" "c" ] "dflt" { a.b = 5; }
