# Case 73 — clan-semantics §3.7, §16 example 24: the same settings location
# (`roles.peer.machines.jon.settings`) defined in two flake-parts module files (`.a` and
# `.b`) -> "is defined multiple times while it's expected to be unique".
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [
        inputs.clan-core.flakeModules.default
        ./parts/one.nix
        ./parts/two.nix
      ];
      flake.clan.meta.name = "test";
      flake.clan.inventory.machines.jon = { };
    };
}
