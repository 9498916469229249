let a = x: b x; b = x: c x; c = x: throw "thrown at depth ${toString x}"; in a 3
