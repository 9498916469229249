with 1; a
