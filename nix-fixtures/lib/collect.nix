lib:
  lib.collect builtins.isList { a = { b = [ "b" ]; }; c = [ "c" ]; d = 1; }
