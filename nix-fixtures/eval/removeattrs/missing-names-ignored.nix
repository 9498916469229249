builtins.removeAttrs { a = 1; } [ "x" "y" ]
