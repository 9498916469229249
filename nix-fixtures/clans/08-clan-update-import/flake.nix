# Case 08: `lib.clan ({ ... } // import ./clan.nix { ... })` — the clan module is
# built with a shallow `//` before the module system sees it (clan-semantics §4.1,
# §17.1). NOTE: because `//` is shallow, the `meta` written in flake.nix is
# replaced entirely by the `meta` of clan.nix (description survives only there).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ self, clan-core, nixpkgs, ... }:
    let
      clan = clan-core.lib.clan (
        {
          inherit self;
          meta = {
            name = "overwritten";
            description = "lost by //";
          };
          specialArgs = { inherit inputs; };
        }
        // import ./clan.nix { inherit inputs; }
      );
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
