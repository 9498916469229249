builtins.readFile ../_data/hello.txt
