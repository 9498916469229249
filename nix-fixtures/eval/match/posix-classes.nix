[ (builtins.match "[[:alpha:]]+[[:digit:]]*" "abc123") (builtins.match "[[:upper:]]+" "abc") ]
