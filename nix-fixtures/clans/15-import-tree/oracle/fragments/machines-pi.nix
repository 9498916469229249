{ inventory.machines.pi.tags = [ "sensor" ]; }
