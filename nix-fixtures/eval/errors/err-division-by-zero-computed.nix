let zero = 5 - 5; in 100 / zero
