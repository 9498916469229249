lib:
  lib.attrByPath [ "a" "b" ] 0 { a = { b = 1; c = throw "x"; }; d = throw "y"; }
