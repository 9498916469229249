({ a ? throw "default evaluated" }: a) { a = 1; }
