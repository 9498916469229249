lib:
  builtins.attrNames (lib.mapAttrs (throw "f") { a = 1; b = 2; })
