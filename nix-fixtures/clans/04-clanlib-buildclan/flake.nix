# Case 04: `clan-core.clanLib.buildClan` (deprecated alias, clan-semantics §2) with
# `directory = self;` and the meta given as `inventory.meta` (§5.4), plus an
# inventory.json holding tags and a description (§5.2, JSON tags appended).
{
  inputs = {
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    nixpkgs.follows = "clan-core/nixpkgs";
  };

  outputs =
    { self, clan-core, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      clan = clan-core.clanLib.buildClan {
        directory = self;
        inventory.meta = {
          name = "family";
          description = "the family clan";
          domain = "home.arpa";
        };
        inventory.machines.mum = {
          tags = [ "desktop" ];
          machineClass = "darwin";
        };
        inventory.machines.dad.tags = [ "desktop" ];
        inventory.machines.kid.tags = [ "desktop" "kid" ];
        inventory.instances.syncthing = {
          roles.peer.tags.desktop = { };
        };
        inventory.instances.parental = {
          module = {
            name = "parental-controls";
            input = "self";
          };
          roles.default.tags.kid.settings.bedtime = "21:00";
        };
      };
    in
    {
      inherit (clan) nixosConfigurations darwinConfigurations clanInternals;
    };
}
