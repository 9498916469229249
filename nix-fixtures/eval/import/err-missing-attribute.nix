import ../_data/missing-attr.nix
