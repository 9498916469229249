lib:
  (builtins.tryEval (lib.foldl' (a: x: x) (throw "init") [ 1 ])).success
