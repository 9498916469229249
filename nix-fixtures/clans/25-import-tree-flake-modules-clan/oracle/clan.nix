# normalised: `builtins.attrValues config.flake.modules.clan` = the published clan modules in
# attribute-name order (host-nuc, host-rpi, service-base, service-home-assistant); no list
# option has two definitions, so the order is irrelevant anyway.
{
  meta.name = "dendritic-modules";
  imports = [
    {
      inventory.machines.nuc.tags = [ "x86" "iot" "hub" ];
      machines.nuc = { };
    }
    {
      inventory.machines.rpi = {
        tags = [ "arm" "iot" ];
        deploy.targetHost = "root@rpi.home";
      };
    }
    {
      inventory.instances.sshd.roles.server.tags.all = { };
      inventory.instances.internet.roles.default.machines.rpi = { };
    }
    {
      inventory.instances.home-assistant = {
        module.input = "self";
        roles.server.tags.hub = { };
        roles.sensor.tags = [ "iot" ];
      };
    }
  ];
}
