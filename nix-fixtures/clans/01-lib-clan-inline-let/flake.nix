# Case 01: `inputs.clan-core.lib.clan { self = self; ... }` inline in a `let` of
# flake.nix (clan-semantics §2, §17.1 "direct lib.clan call"). Explicit role
# machines, role tags (attrset and list form), role/machine settings, deploy.
{
  description = "homelab clan";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    { self, clan-core, nixpkgs, ... }@inputs:
    let
      clan = clan-core.lib.clan {
        self = self;
        meta.name = "homelab";
        meta.description = "Three boxes under the stairs";

        inventory = {
          machines = {
            gateway = {
              tags = [ "router" "server" ];
              deploy.targetHost = "root@192.168.1.1";
            };
            nas = {
              tags = [ "server" "storage" ];
              deploy.targetHost = "root@nas.lan";
            };
            desktop = {
              tags = [ "workstation" ];
              description = "the big one";
            };
          };

          instances = {
            sshd = {
              roles.server.tags.all = { };
              roles.client.tags = [ "workstation" ];
            };
            zerotier = {
              roles.controller.machines.gateway = { };
              roles.peer.tags.all = { };
            };
            borgbackup = {
              roles.server.machines.nas = { };
              roles.client.tags.server = { };
              roles.client.machines.desktop.settings = {
                startAt = "hourly";
              };
              roles.client.settings.exclude = [ "*.pyc" ];
            };
          };
        };

        machines.desktop =
          { pkgs, ... }:
          {
            environment.systemPackages = [ pkgs.firefox ];
          };
      };
    in
    {
      inherit (clan.config) nixosConfigurations nixosModules clanInternals;
      clan = clan.config;
    };
}
