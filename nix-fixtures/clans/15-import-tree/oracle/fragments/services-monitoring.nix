{ lib, ... }:
{
  inventory.machines.core.tags = [ "prometheus" ];
  inventory.instances.monitoring = {
    roles.server.tags.prometheus = { };
    roles.client.tags = [ "server" "sensor" ];
  };
}
