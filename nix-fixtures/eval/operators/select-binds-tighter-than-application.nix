let s = { f = x: x * 3; v = 4; }; in s.f s.v
