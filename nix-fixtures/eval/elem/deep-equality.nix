[ (builtins.elem { a = [ 1 ]; } [ { a = [ 1 ]; } ]) (builtins.elem [ 1 ] [ [ 1 2 ] ]) (builtins.elem 1 [ 1.0 ]) ]
