lib:
  [ (lib.concatMap (x: [ x x ]) [ 1 2 ]) (lib.concatLists [ [ 1 ] [ ] [ 2 3 ] ]) ]
