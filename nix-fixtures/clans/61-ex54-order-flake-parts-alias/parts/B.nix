{ imports = [ ./B1.nix ]; clan.inventory.machines.jon.tags = [ "B" ]; }
