{ lib, ... }:
{
  clan.inventory.instances.monitoring = {
    module.name = "monitoring";
    roles.server.machines.nas = { };
    roles.client.tags = [ "server" "workstation" ];
    roles.client.settings.useSSL = lib.mkDefault true;
  };
}
