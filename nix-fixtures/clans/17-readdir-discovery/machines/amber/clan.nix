{ inventory.machines.amber.tags = [ "storage" ]; }
