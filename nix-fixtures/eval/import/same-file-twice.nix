let a = import ../_data/lib.nix; b = import ../_data/lib.nix; in a.x + b.x
