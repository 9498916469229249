let requirePositive = n: assert n > 0; n; in map requirePositive [ 1 0 ]
