builtins.builtins.builtins.length [ 1 2 ]
