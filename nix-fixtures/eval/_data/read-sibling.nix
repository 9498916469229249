# reads a file next to itself
builtins.readFile ./hello.txt
