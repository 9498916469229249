{ flake.clan.inventory.machines.a = { }; }
