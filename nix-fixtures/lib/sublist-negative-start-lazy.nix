lib:
  builtins.length (lib.sublist (-1) 2 [ 1 2 3 ])
