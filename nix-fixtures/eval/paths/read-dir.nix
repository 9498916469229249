builtins.readDir ../_data/dir
