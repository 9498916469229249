lib:
  [ (lib.boolToString true) (lib.boolToString false) (lib.defaultTo 1 null) (lib.defaultTo 1 2) ]
