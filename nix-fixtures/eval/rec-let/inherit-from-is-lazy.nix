let s = { x = 1; y = throw "not needed"; }; inherit (s) x y; in x
