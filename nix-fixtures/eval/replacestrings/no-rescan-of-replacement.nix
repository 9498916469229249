builtins.replaceStrings [ "a" ] [ "aa" ] "aba"
