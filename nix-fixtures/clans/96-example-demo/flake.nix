# A small clan in the layout many clans use: flake-parts, a clan.nix,
# inventory fragments in modules/, an inventory.json written by the clan CLI
# and machine directories. `clan-inv --dir examples/demo instances` reads it.
{
  description = "demo clan for clan-inv";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
    import-tree.url = "github:vic/import-tree";
  };

  outputs =
    inputs@{ flake-parts, import-tree, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" "aarch64-darwin" ];
      imports = [
        inputs.clan-core.flakeModules.default
        (import-tree ./modules)
      ];
      clan = {
        imports = [ ./clan.nix ];
      };
    };
}
