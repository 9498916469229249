builtins.fromJSON "[1.5, -0.25]"
