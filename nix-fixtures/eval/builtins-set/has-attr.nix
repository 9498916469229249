[ (builtins ? map) (builtins ? attrNames) (builtins ? noSuchBuiltinHere) (builtins ? builtins) ]
