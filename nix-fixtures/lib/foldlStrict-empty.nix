lib:
  [ (lib.foldl' (a: x: a) 5 [ ]) (builtins.tryEval (lib.foldl' (throw "op") 5 [ ])).success ]
