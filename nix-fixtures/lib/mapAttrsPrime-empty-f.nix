lib:
  lib.mapAttrs' (throw "not forced") { }
