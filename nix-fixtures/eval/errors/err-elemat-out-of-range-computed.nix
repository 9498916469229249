let xs = builtins.genList (i: i) 4; in builtins.elemAt xs (builtins.length xs)
