lib:
  (builtins.tryEval (builtins.length (lib.flatten [ (throw "x") ]))).success
