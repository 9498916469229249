# Case 84 — clan-semantics §4.1 "within one Nix literal": in a flake-parts clan, a role's
# `tags` is given as a list and then extended with a dotted key in the SAME attrset
# literal -> a parse-time Nix error "attribute '...' already defined at ...". (Splitting
# the two over separate definitions would be fine, see case 05/14.)
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
      imports = [ inputs.clan-core.flakeModules.default ];
      clan = {
        meta.name = "dupattr";
        inventory.machines.edge.tags = [ "edge" "eu" ];
        inventory.instances.caddy = {
          roles.proxy.tags = [ "edge" ];
          roles.proxy.tags.eu.settings.region = "eu";
        };
      };
    };
}
