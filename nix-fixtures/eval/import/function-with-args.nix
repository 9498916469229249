[ (import ../_data/fn.nix { a = 1; }) (import ../_data/fn.nix { a = 1; b = 10; }) ]
