# Case 06: `inventory = { imports = [ ... ]; }` — inventory-level modules
# (files that set `machines.*` / `instances.*` directly), `inventory.meta`,
# instance-level dotted keys (`tor.roles.server.tags.nixos = { };`) and quoted
# names (clan-semantics §17.1 "top-level spellings vary").
{
  inputs = {
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    nixpkgs.follows = "clan-core/nixpkgs";
  };

  outputs =
    { self, clan-core, ... }:
    let
      clan = clan-core.lib.clan {
        self = self;
        inventory = {
          imports = [
            ./inventory/meta.nix
            ./inventory/machines.nix
            ./inventory/services.nix
          ];
        };
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
