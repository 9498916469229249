lib:
  (builtins.tryEval (lib.attrByPath [ "q" ] (throw "caught") { })).success
