{ imports = [ ./F1.nix ]; flake.clan.inventory.machines.jon.tags = [ "F" ]; }
