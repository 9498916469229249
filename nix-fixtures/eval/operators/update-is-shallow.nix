{ a.b = 1; a.keep = true; } // { a.c = 2; }
