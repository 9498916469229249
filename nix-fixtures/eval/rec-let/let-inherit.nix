let a = 1; in let inherit a; b = 2; in a + b
