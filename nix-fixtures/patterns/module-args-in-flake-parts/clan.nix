{ inputs, hosts, ... }: {
  imports = [ inputs.clan-core.flakeModules.default ];
  flake.clan = { meta.name = "t"; inventory.machines = builtins.mapAttrs (_: _: { }) hosts; };
}
