lib:
  [ (builtins.tryEval (lib.last [ ])).success (builtins.tryEval (lib.init [ ])).success ]
