# Case 61 — clan-semantics §16 example 54 first part (§4.2): flake-parts, `clan` spelling
# throughout. Root modules A (imports A1, A2) and B (imports B1) each define
# `clan.inventory.machines.jon.tags`; C has `clan = { imports = [ {..["C-inner-imp"]} ];
# ..["C"]; }`; JSON ["json"] ->
# ["C-inner-imp","A","B","C","A1","A2","B1","json","all","nixos"]
# (the `clan` alias merges all its definitions into one `flake.clan` definition: forward
# breadth-first order of the flake-parts modules; imports inside a value come first).
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
      ];
      clan.meta.name = "test";
    };
}
