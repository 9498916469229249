let x = "world"; in "hello ${x}!"
