# normalised: the function headers unwrapped by hand (no tag list has two definitions,
# so the order is irrelevant)
{ lib, ... }:
{
  meta.name = "headers";

  inventory.machines = {
    "ws-01".tags = [ "workstation" ];
    "ws-02".tags = [ "workstation" ];
    "srv-01" = {
      tags = [ "server" ];
      installedAt = 1735689600;
    };
  };

  inventory.instances = {
    user-root = {
      module.name = "users";
      roles.default.tags.all = { };
      roles.default.settings = {
        user = "root";
        prompt = false;
      };
    };
    syncthing.roles.peer.tags.workstation = { };
    syncthing.roles.peer.machines."srv-01".settings.introducer = true;
    borgbackup = {
      roles.server.machines."srv-01" = { };
      roles.client.tags = [ "workstation" ];
    };
  };
}
