{ lib, ... }:
{
  clan.inventory.machines.core.tags = [ "prometheus" ];
  clan.inventory.instances.monitoring = {
    roles.server.tags.prometheus = { };
    roles.client.tags = [ "server" "sensor" ];
  };
}
