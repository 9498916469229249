self: self.inputs.clan-core.lib.clan { inherit self; meta.name = "t"; inventory.machines.a = { }; }
