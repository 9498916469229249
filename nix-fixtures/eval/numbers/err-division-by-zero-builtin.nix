builtins.div 10 0
