({ a }: "a is never forced") { a = throw "lazy"; }
