let x = { c = 1; }; in { a = { b = 1; }; a = x; }
