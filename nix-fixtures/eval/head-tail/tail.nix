builtins.tail [ 1 2 3 ]
