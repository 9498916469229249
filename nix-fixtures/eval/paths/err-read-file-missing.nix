builtins.readFile ../_data/does-not-exist.txt
