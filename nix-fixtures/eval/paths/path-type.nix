[ (builtins.typeOf ./x) (builtins.isPath ./x) (builtins.isPath "/x") (builtins.isString (toString ./x)) ]
