# Case 23: the clan-core input is called `clan` (not `clan-core`); the clan call lives in a
# separate directory `clan/default.nix` of the form `{ inputs, self }: inputs.clan.lib.clan
# { ... }`, which imports further clan modules. Instances use `module.input = "clan"` (the
# custom name of the clan-core input), "self" and null (clan-semantics §8.1, §17.2).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    inputs@{ self, ... }:
    let
      clan = import ./clan { inherit inputs self; };
    in
    {
      inherit (clan.config) nixosConfigurations nixosModules clanInternals;
      clanLib = inputs.clan.clanLib or null;
    };
}
