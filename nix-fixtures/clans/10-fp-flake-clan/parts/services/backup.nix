{ config, lib, ... }:
{
  flake.clan.inventory.machines.hub.tags = [ "backup" ];
  flake.clan.inventory.instances.borgbackup = {
    roles.server.tags.backup = { };
    roles.client.tags.spoke = { };
  };
}
