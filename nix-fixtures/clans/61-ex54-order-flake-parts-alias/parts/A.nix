{ imports = [ ./A1.nix ./A2.nix ]; clan.inventory.machines.jon.tags = [ "A" ]; }
