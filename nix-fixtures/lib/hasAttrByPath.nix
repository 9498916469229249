lib:
  [ (lib.hasAttrByPath [ "a" "b" ] { a.b = 1; }) (lib.hasAttrByPath [ "a" "c" ] { a.b = 1; }) (lib.hasAttrByPath [ ] 5) (lib.hasAttrByPath [ "a" "b" "c" ] { a.b = 1; }) (lib.hasAttrByPath [ "a" ] { a = throw "not forced"; }) ]
