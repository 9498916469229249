let g = { a }: a; in g { a = 1; z = 0; }
