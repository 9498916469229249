{ a.b = 1 + true; }
