lib:
  lib.attrByPath [ ] 0 { x = 1; }
