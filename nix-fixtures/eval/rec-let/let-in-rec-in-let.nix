let x = 1; in rec { y = let z = x + 1; in z; w = y * 2; }
