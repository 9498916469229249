lib:
  [ (lib.attrsets.mapAttrsToList (n: v: n) { a = 1; }) (lib.attrsets.attrByPath [ "a" ] 0 { }) (lib.attrsets.setAttrByPath [ "x" ] 1) (lib.attrsets.hasAttrByPath [ "a" ] { a = 1; }) (lib.attrsets.collect lib.isString { a = "s"; }) ]
