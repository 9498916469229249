{ clan.inventory.machines.beta.tags = [ "mobile" ]; }
