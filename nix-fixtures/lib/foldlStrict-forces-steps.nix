lib:
  (builtins.tryEval (lib.foldl' (acc: x: x) 0 [ (throw "a") 1 ])).success
