lib:
  [ (lib.last [ 1 2 3 ]) (lib.init [ 1 2 3 ]) (lib.init [ 1 ]) ]
