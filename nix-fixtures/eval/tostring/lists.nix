[ (toString [ 1 "a" [ 2 null ] true ]) (toString [ ]) (toString [ null ]) ]
