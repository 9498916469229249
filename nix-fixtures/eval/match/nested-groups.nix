builtins.match "((a)(b))+" "abab"
