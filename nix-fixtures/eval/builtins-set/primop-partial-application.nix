let add2 = builtins.add 2; in map add2 [ 1 2 ]
