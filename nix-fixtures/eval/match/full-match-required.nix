[ (builtins.match "a" "ba") (builtins.match "b.*" "ba") (builtins.match "" "") ]
