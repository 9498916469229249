# Case 07: `inventory = import ./inventory.nix { inherit self lib; };` — the
# inventory file is a plain function applied by hand (not a module function);
# it uses `let`, `inherit`, `map`, `listToAttrs` and `//` on the membership path
# (clan-semantics §17.1, §17.3).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    { self, nixpkgs, clan-core, ... }:
    let
      inherit (nixpkgs) lib;
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "imported";
        inventory = import ./inventory.nix { inherit self lib; };
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
