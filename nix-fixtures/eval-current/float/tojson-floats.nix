builtins.toJSON [ 1.0 0.1 (1 / 3.0) 123456.0 ]
