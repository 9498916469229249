builtins.seq (throw "first forced") "second"
