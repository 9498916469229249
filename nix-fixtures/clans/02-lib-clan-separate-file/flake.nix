# Case 02: the clan call lives in a separate file of the form
# `self: ... clan-core.lib.clan { ... }` (clan-semantics §2, §17.1).
# Machines from `lib.genAttrs`, inventory.json (installedAt, targetHost) and a
# machines/ directory; role tags in list form.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    inputs@{ self, ... }:
    let
      clan = import ./nix/clan.nix self;
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
