import ../_data/fn.nix { a = 1; c = 3; }
