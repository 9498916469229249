let name = "jon"; in throw "machine ${name} is broken"
