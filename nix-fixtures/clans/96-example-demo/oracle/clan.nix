{ lib, ... }:
{
  imports = [ ./c1.nix ];
  inventory.instances.borgbackup = {
    roles.server.machines.nas = { };
    roles.client.tags.workstation = { };
    roles.client.machines.jon.settings.startAt = "hourly";
  };
  inventory.instances.monitoring = {
    module.name = "monitoring";
    roles.server.machines.nas = { };
    roles.client.tags = [ "server" "workstation" ];
    roles.client.settings.useSSL = lib.mkDefault true;
  };
}
