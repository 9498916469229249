{ lib, inputs }:
{
  syncthing.roles.peer.tags.workstation = { };
  borgbackup = {
    roles.server.machines."srv-01" = { };
    roles.client.tags = [ "workstation" ];
  };
}
