lib:
  builtins.attrNames (lib.setAttrByPath [ "a" ] (throw "lazy"))
