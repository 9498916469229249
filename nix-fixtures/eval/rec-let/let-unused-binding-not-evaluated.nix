let x = throw "unused"; in 5
