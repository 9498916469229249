# Case 12: flake-parts `clan.inventory = import ./inventory { inherit lib inputs; };`
# — a directory import (default.nix) of a plain function with a `{ lib, inputs }:`
# header (no ellipsis), which itself imports one file per instance and uses
# `lib.mkMerge`, `builtins.attrNames`, `lib.filterAttrs` (clan-semantics §17.1, §17.3).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } (
      { lib, ... }:
      {
        systems = [ "x86_64-linux" ];
        imports = [ inputs.clan-core.flakeModules.default ];
        clan.meta.name = "inv-import";
        clan.inventory = import ./inventory { inherit lib inputs; };
      }
    );
}
