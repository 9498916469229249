let x = { self = x.self; }; in x
