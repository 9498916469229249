builtins.attrValues { x = { y = 1; }; w = [ 2 ]; }
