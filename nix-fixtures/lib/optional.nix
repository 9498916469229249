lib:
  [ (lib.optional true 1) (lib.optional false (throw "x")) (lib.optional true [ 1 ]) ]
