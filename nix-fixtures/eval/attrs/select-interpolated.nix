let k = "x"; in { x = 1; y = 2; }.${k}
