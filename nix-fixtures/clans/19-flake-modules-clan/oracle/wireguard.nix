{ lib, ... }:
{
  inventory.instances.wireguard = {
    roles.controller.machines.m1.settings.endpoint = "m1.example.org";
    roles.peer.tags = [ "vpn" ];
  };
}
