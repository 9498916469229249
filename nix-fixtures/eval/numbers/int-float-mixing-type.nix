map builtins.typeOf [ (1 + 1.0) (2 * 1.5) (1 + 1) (4 / 2) (4 / 2.0) ]
