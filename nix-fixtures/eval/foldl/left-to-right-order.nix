builtins.foldl' (acc: x: "(" + acc + x + ")") "s" [ "a" "b" "c" ]
