import ../_data/throws.nix
