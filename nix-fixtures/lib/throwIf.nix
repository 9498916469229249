lib:
  [ (lib.throwIf false "no" 1) (lib.throwIfNot true "no" 2) (builtins.tryEval (lib.throwIf true "yes" 3)).success (builtins.tryEval (lib.throwIfNot false "yes" 3)).success ]
