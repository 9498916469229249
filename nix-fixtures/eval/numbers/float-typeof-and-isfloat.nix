[ (builtins.typeOf 1.5) (builtins.isFloat 1.5) (builtins.isFloat 1) (builtins.isInt 1.5) ]
