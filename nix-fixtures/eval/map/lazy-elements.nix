builtins.length (map (x: throw "element forced") [ 1 2 3 ])
