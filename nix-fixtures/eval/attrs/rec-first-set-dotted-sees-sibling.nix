{ a = rec { b = 10; }; a.c = b; }
