{ a = 1; }.a or (throw "default evaluated")
