let s = { x = 1; y = 2; }; in let inherit (s) x y; in x * 10 + y
