{ flake.clan.inventory.machines.b = { }; }
