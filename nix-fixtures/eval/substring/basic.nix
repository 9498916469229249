[ (builtins.substring 0 3 "hello") (builtins.substring 1 2 "hello") (builtins.substring 4 1 "hello") ]
