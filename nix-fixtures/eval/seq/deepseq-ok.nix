builtins.deepSeq [ 1 { a = [ 2 ]; } ] "done"
