let v = { list = [ 1 "two" null true ]; s.t = "u"; }; in builtins.fromJSON (builtins.toJSON v) == v
