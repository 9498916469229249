builtins.filter (x: true) [ ]
