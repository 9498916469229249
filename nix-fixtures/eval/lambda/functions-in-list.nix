map (f: f 3) [ (x: x * x) (x: x + 1) (_: "const") ]
