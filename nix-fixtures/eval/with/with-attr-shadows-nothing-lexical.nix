let f = x: with { x = "with"; y = "with-y"; }; [ x y ]; in f "lexical"
