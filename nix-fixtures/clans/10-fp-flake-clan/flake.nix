# Case 10: flake-parts with the `flake.clan = { ... }` spelling, spread over the
# root module and flake-parts module files (one of them imported one level deeper).
# `hub` gets tags from three files. With the `flake.clan` spelling the clan submodule
# receives the definitions in forward breadth-first order of the flake-parts modules,
# and the clan evaluation lists them in reverse: ["backup","hw","root",...]
# (clan-semantics §4.2; contrast the `clan` alias in case 61).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, clan-core, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [
        clan-core.flakeModules.default
        ./parts/machines.nix
        ./parts/services.nix
      ];

      flake.clan.meta.name = "parts-flake-clan";
      flake.clan.inventory.machines.hub.tags = [ "root" ];
    };
}
