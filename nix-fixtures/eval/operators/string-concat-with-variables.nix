let a = "x"; b = "y"; in a + "-" + b
