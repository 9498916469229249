{ self, ... }: {
  clan = { meta.name = "t"; inventory.machines = builtins.mapAttrs (_: _: { }) self.hosts; };
}
