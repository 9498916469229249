import ../_data/chain.nix
