let mk = x: { get = x; }; one = mk 1; two = mk 2; in [ one.get two.get ]
