let s = { a.b.c = 1; "x y" = 2; }; k = "a"; in [ (s ? a) (s ? a.b.c) (s ? a.x) (s ? a.b.c.d) (s ? "x y") (s ? ${k}) (s ? ${k}.b) ]
