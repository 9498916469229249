builtins.foldl' (acc: x: throw "not called") "init" [ ]
