{ meta.name = "x"; inventory.machines.a = { }; }
