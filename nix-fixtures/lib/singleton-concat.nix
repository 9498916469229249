lib:
  [ (lib.singleton 1) (lib.concat [ 1 ] [ 2 ]) ]
