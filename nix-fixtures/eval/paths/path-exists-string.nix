builtins.pathExists (toString ../_data/hello.txt)
