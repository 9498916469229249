let lib = import ../_data/lib.nix; in [ lib.x (lib.double 21) lib.nested.value ]
