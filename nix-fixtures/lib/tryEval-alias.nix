lib:
  [ (lib.tryEval 1) (lib.tryEval (throw "x")) ]
