{ config, lib, ... }:
{
  clan.inventory.machines = lib.mapAttrs (name: host: {
    tags = [ host.role ] ++ lib.optional host.public "public";
  }) config.fleet.hosts;
}
