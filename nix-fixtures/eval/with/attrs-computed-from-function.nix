let mk = n: { value = n * 2; }; in with mk 21; value
