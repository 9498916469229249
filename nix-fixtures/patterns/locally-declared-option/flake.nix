{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } ({ config, lib, ... }: {
    config.systems = [ ];
    imports = [ inputs.clan-core.flakeModules.default ];
    options.inventory.ip = lib.mkOption { type = lib.types.attrsOf lib.types.str; };
    config.inventory.ip.a = "10.0.0.1";
    config.clan = { meta.name = "t"; inventory.machines.a.deploy.targetHost = config.inventory.ip.a; };
  });
}
