{ clan.inventory.machines.gamma.tags = [ "mobile" "eu" ]; }
