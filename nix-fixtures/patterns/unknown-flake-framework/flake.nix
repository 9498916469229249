{
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  inputs.adios-flake.url = "github:adisbladis/adios-flake";
  outputs = inputs@{ adios-flake, self, ... }:
    adios-flake.lib.mkFlake {
      inherit inputs self;
      flake = let clan = import ./clan-def.nix self; in { inherit (clan.config) clanInternals; };
    };
}
