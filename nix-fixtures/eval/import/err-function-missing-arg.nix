import ../_data/fn.nix { }
