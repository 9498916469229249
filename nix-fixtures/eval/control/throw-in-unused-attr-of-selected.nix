({ used = "fine"; unused = throw "nope"; }).used
