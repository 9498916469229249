(x: 1) (throw "argument evaluated")
