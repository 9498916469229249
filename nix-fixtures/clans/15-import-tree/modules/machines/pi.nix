{ clan.inventory.machines.pi.tags = [ "sensor" ]; }
