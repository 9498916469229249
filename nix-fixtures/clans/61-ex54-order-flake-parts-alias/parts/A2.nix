{ clan.inventory.machines.jon.tags = [ "A2" ]; }
