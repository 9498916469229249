builtins.deepSeq [ 1 (throw "element forced") ] 0
