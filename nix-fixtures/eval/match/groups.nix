builtins.match "([a-z]+)-([0-9]+)" "machine-42"
