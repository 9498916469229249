import ../_data/does-not-exist.nix
