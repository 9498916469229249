builtins.isInt (throw "predicate forces its argument")
