lib:
  [ (lib.elem 2 [ 1 2 3 ]) (lib.elem "x" [ ]) (lib.elem { a = 1; } [ { a = 1; } ]) ]
