lib:
  lib.filterAttrs (throw "no") { }
