builtins.split "[[:space:]]+" "one  two\tthree"
