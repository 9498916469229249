map builtins.toJSON [ 1 (-2) true false null "str" ]
