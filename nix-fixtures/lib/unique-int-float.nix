lib:
  [ (lib.unique [ 1 1.0 2 ]) (lib.elem 1 [ 1.0 ]) ]
