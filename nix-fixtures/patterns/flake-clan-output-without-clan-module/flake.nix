{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  outputs = inputs@{ flake-parts, clan-core, self, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ ];
      flake = let
        clan = clan-core.lib.clan { inherit self; meta.name = "t"; inventory.machines.a = { }; };
      in { inherit (clan.config) clanInternals; clan = clan.config; };
    };
}
