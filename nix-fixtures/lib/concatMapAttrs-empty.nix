lib:
  lib.concatMapAttrs (throw "f") { }
