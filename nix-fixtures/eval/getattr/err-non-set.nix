builtins.getAttr "a" null
