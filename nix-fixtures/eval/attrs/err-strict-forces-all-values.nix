{ a = 1; b = throw "strict output forces b"; }
