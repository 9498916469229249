with builtins; [ (add 2 3) (sub 2 3) (mul 2 3) (div 7 2) (lessThan 1 2) (lessThan 2 1) ]
