builtins.match "(foo|foobar)(bar)?" "foobar"
