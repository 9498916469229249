# Case 05: `lib.clan { imports = [ ./clan.nix ]; }` chained further:
# clan.nix -> ./inventory (a directory, i.e. its default.nix) -> [ ./instances ./machines.nix ],
# ./instances/default.nix -> one file per instance (clan-semantics §2, §17.1).
# All files are clan-level modules (they set `inventory.*`). Module-function
# headers `{ ... }:`, `_:` and `{ lib, ... }:`.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    inputs@{ self, clan-core, ... }:
    let
      clan = clan-core.lib.clan {
        inherit self;
        imports = [ ./clan.nix ];
        specialArgs = { inherit inputs; };
      };
    in
    {
      inherit (clan.config) nixosConfigurations nixosModules clanInternals;
    };
}
