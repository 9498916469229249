{ ... }:
{
  inventory.instances = {
    zerotier = {
      module.input = "clan";
      roles.controller.tags.primary = { };
      roles.peer.tags.dc = { };
    };
    dc-sync = {
      module = {
        input = "self";
        name = "rsync-mirror";
      };
      roles.source.machines.north = { };
      roles.mirror.machines.south.settings.schedule = "*:0/15";
    };
    "emergency-access".roles.default.tags.all = { };
  };
}
