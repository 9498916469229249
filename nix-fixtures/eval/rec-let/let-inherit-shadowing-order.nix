let a = "outer"; in let b = a; a = "inner"; in b
