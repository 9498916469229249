import ../_data/read-sibling.nix
