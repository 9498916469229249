# Case 14: flake-parts fragments `clan.inventory.instances.<x> = ...` and
# `clan.inventory.machines.<m> = ...` spread over many module files; ONE instance
# (`wg`) is split over six files (module, controller, peers by list tag, peer tag
# settings, role settings, an extra explicit peer). Each settings location is
# defined once (clan-semantics §3.7). `alpha` gets tags from two files; with the
# `clan` alias spelling they come in forward breadth-first order (§4.2, §16 ex. 54).
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
        ./nix/clan/meta.nix
        ./nix/clan/machines
        ./nix/clan/wireguard
      ];
    };
}
