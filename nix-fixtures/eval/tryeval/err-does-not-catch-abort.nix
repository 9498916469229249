builtins.tryEval (abort "not catchable")
