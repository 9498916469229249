lib:
  lib.setAttrByPath [ "a" null ] 1
