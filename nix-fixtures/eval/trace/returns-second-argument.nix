builtins.trace "this message goes to stderr" 42
