lib:
  [ (lib.hasAttrByPath [ "a" "b" ] { a = 1; }) (lib.hasAttrByPath [ "a" "b" ] { a.b = throw "not forced"; }) ]
