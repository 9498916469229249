lib:
  lib.setAttrByPath [ "a" "b" "c" ] 1
