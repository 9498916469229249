{ inventory.machines.jon.tags = [ "B1" ]; }
