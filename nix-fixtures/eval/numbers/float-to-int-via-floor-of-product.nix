builtins.floor (0.1 * 30)
