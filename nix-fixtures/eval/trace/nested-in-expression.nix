map (x: builtins.trace "tracing ${toString x}" (x * 2)) [ 1 2 ]
