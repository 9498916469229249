let a = 1; in in a
