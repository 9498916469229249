lib:
  lib.attrVals [ "b" "a" "b" ] { a = 1; b = 2; c = throw "x"; }
