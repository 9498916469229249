map builtins.typeOf [ 1 1.5 "s" true null [ ] { } (x: x) ({ a }: a) ./p builtins.map (builtins.add 1) ]
