toString ./some/file.nix
