with [ 1 ]; 1 + a
