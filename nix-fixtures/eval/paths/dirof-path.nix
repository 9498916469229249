toString (dirOf ./x/y.nix)
