rec { a = c; }
