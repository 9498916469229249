builtins.listToAttrs [ { name = "a"; value = "first"; } { name = "a"; value = "second"; } { name = "b"; value = 0; } ]
