builtins.listToAttrs [ { value = 1; } ]
