{ inputs, ... }: {
  imports = [ inputs.clan-core.flakeModules.default ];
  flake.clan = { meta.name = "t"; inventory.machines.a = { }; };
}
