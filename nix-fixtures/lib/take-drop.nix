lib:
  [ (lib.take 2 [ 1 2 3 ]) (lib.take 5 [ 1 2 ]) (lib.take 0 [ 1 ]) (lib.drop 1 [ 1 2 3 ]) (lib.drop 9 [ 1 2 ]) (lib.drop 0 [ 1 ]) ]
