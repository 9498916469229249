lib:
  [ (lib.toList 1) (lib.toList [ 1 2 ]) (lib.toList null) ]
