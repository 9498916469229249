# Case 62 — clan-semantics §16 example 54 second part (§4.2), as real flake-parts
# evaluates it: A (imports A1, A2), B (imports B1) and C use the `clan` spelling; F
# (imports F1) uses `flake.clan`. The `clan` alias module sits deep inside
# clan-core.flakeModules.default (flake-parts' flakeModules option wraps it several
# times), so the merged alias block is collected after F and F1. Result:
# ["C-inner-imp","A","B","C","A1","A2","B1","F1","F","json","all","nixos"]
# NOTE: clan-semantics.md §16 ex. 54 states [...,"B1","F","F1",...] instead; this case was
# derived with the real flake-parts sources and a replica of clan-core's flakeModules
# (see README.md).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ ];
      imports = [
        inputs.clan-core.flakeModules.default
        ./parts/A.nix
        ./parts/B.nix
        ./parts/C.nix
        ./parts/F.nix
      ];
      clan.meta.name = "test";
    };
}
