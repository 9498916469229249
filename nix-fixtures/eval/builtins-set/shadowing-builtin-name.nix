let map = "shadowed"; in [ map (builtins.length [ 1 ]) ]
