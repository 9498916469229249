{ flake.clan.inventory.machines.jon.tags = [ "F1" ]; }
