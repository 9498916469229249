{ ... }:
{
  inventory.instances."wg-home" = {
    module.name = "wireguard";
    roles.controller.machines.alpha.settings.endpoint = "vpn.chained.lan";
    roles.peer.machines.gamma = { };
    roles.peer.machines.beta = { };
  };
}
