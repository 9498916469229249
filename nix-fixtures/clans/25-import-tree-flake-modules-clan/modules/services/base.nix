{ lib, ... }:
{
  flake.modules.clan.service-base = {
    inventory.instances.sshd.roles.server.tags.all = { };
    inventory.instances.internet.roles.default.machines.rpi = { };
  };
}
