(rec { a = { inner = b.value; }; b = { value = 3; other = a; }; }).a
