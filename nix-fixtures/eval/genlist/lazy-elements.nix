builtins.length (builtins.genList (i: throw "forced") 3)
