builtins.attrNames (builtins.mapAttrs (n: v: throw "not forced") { x = 1; y = 2; })
