builtins.attrValues "abc"
