builtins.length [ (x: x) 1 ]
