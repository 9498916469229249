builtins.fromJSON "[1.0, 1e2, 2.50, 0.1]"
