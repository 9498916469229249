{ meta.name = "test"; inventory.machines.jon = { }; }
