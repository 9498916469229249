lib:
  lib.foldlAttrs (throw "f") "init" { }
