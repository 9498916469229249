builtins.mapAttrs (n: v: if n == "b" then throw "mapping ${n} failed" else v) { a = 1; b = 2; }
