builtins.intersectAttrs { a = 1; } { b = 2; }
