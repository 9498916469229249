lib:
  [ (lib.mkOrder 700 [ 1 ]) (lib.mkBefore [ 2 ]) (lib.mkAfter [ 3 ]) ]
