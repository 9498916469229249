builtins.match "\\^a\\$" "^a$"
