{ flake.modules.clan.host-retired.inventory.machines.retired.tags = [ "iot" ]; }
