[ (builtins.pathExists ../_data/hello.txt) (builtins.pathExists ../_data/dir) (builtins.pathExists ../_data/nope.txt) (builtins.pathExists ./path-exists.nix) ]
