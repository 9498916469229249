{ clan.inventory.machines.jon.tags = [ "A1" ]; }
