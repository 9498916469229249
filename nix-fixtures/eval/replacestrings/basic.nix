builtins.replaceStrings [ "a" "b" ] [ "A" "B" ] "abcab"
