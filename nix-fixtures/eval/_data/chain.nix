# imports a sibling relative to itself
let lib = import ./lib.nix; in lib.double 5
