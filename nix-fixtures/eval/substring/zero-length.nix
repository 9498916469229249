builtins.substring 2 0 "hello"
