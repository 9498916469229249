{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  inputs.den.url = "github:vic/den";
  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } ({ config, lib, ... }: {
    systems = [ ];
    imports = [ inputs.clan-core.flakeModules.default inputs.den.flakeModule ];
    den.hosts.esquie.users = { };
    flake.clan.meta.name = "t";
    flake.clan.inventory.machines = lib.listToAttrs (map (h: { name = h.name; value = { }; }) (lib.attrValues config.den.hosts));
  });
}
