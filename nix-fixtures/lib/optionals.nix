lib:
  [ (lib.optionals true [ 1 2 ]) (lib.optionals false (throw "x")) ]
