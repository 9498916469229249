map builtins.length [ [ ] [ 1 ] [ 1 [ 2 3 ] ] ]
