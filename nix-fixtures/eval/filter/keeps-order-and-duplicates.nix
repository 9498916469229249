builtins.filter (x: x != "b") [ "c" "b" "a" "c" ]
