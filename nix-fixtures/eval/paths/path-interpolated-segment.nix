let name = "file"; in toString ./dir/${name}.nix
