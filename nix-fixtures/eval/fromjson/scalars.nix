map builtins.fromJSON [ "1" "-3" "true" "null" "\"s\"" " 7 " ]
