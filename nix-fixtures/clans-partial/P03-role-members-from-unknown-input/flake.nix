# Partial case P03: one role's machines come from another flake (`inputs.fleet.lib.peers`),
# which a static reader of this repository cannot see. Everything else is known, including
# the other roles of the same instance.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    fleet.url = "github:example-org/fleet-definitions";
  };

  outputs =
    inputs@{ self, clan-core, fleet, ... }:
    let
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "fleetpeers";
        inventory.machines = {
          controller.tags = [ "infra" ];
          laptop-1 = { };
          laptop-2 = { };
        };
        inventory.instances.zerotier = {
          roles.controller.machines.controller = { };
          roles.moon.tags.infra = { };
          roles.peer.machines = fleet.lib.peers;
        };
        inventory.instances.sshd.roles.server.tags.all = { };
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
