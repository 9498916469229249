let s = { }; inherit (s) x; in x
