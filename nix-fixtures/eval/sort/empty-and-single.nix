[ (builtins.sort builtins.lessThan [ ]) (builtins.sort builtins.lessThan [ 42 ]) ]
