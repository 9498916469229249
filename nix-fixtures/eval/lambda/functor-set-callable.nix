let counter = { __functor = self: x: self.base + x; base = 40; }; in counter 2
