builtins.readDir ../_data/no-such-dir
