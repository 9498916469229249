lib:
  [ (lib.sublist 1 2 [ 0 1 2 3 ]) (lib.sublist 3 5 [ 0 1 2 3 ]) (lib.sublist 4 1 [ 0 1 2 3 ]) ]
