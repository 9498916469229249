{ inventory.machines.beta.tags = [ "mobile" ]; }
