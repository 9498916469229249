import ../_data/bad-syntax.nix
