builtins.tryEval ({ }.missing)
