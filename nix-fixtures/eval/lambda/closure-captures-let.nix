let n = 10; addN = x: x + n; in let n = 100; in addN 1
