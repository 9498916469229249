# Case 20: module-function headers that must be unwrapped (clan-semantics §17.1,
# 75.7 % of real clans): flake-parts modules `{ self, inputs, ... }:`, `_:`,
# `{...}:`, `{ config, lib, ... }:`; a hand-applied file with `{ lib, inputs }:`
# (no ellipsis) and one with a bare `self:` header; a clan module function
# `{ lib, ... }:` inside `clan.imports`.
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
        ./nix/clan.nix
        ./nix/machines.nix
        ./nix/services.nix
        ./nix/extra.nix
      ];
    };
}
