# Case 09: flake-parts with `imports = [ inputs.clan-core.flakeModules.default ];`
# and the inventory inline in the `clan = { ... };` option (clan-semantics §2
# flake-parts, §17.1); quoted machine names, role settings per machine.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    flake-parts.inputs.nixpkgs-lib.follows = "nixpkgs";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
    clan-core.inputs.flake-parts.follows = "flake-parts";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" "aarch64-linux" ];
      imports = [ inputs.clan-core.flakeModules.default ];

      clan = {
        meta.name = "parts-inline";
        inventory.machines = {
          "edge-ams" = {
            tags = [ "edge" "eu" ];
            deploy.targetHost = "root@ams.example.net";
          };
          "edge-nyc" = {
            tags = [ "edge" "us" ];
            deploy.targetHost = "root@nyc.example.net";
          };
          origin.tags = [ "origin" "eu" ];
        };
        inventory.instances = {
          caddy = {
            module.input = "self";
            roles.proxy.tags = [ "edge" ];
            roles.proxy.machines."edge-ams".settings.region = "eu";
            roles.upstream.machines.origin = { };
          };
          mycelium.roles.peer.tags.all = { };
        };
      };

      perSystem =
        { pkgs, ... }:
        {
          devShells.default = pkgs.mkShell { };
        };
    };
}
