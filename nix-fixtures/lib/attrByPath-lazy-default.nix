lib:
  lib.attrByPath [ "a" ] (throw "default unused") { a = 1; }
