{
  flake.modules.clan.service-home-assistant = {
    inventory.instances.home-assistant = {
      module.input = "self";
      roles.server.tags.hub = { };
      roles.sensor.tags = [ "iot" ];
    };
  };
}
