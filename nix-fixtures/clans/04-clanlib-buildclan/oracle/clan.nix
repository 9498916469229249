# normalised: the clanLib.buildClan argument without `directory = self;`
{
  inventory.meta = {
    name = "family";
    description = "the family clan";
    domain = "home.arpa";
  };
  inventory.machines.mum = {
    tags = [ "desktop" ];
    machineClass = "darwin";
  };
  inventory.machines.dad.tags = [ "desktop" ];
  inventory.machines.kid.tags = [ "desktop" "kid" ];
  inventory.instances.syncthing = {
    roles.peer.tags.desktop = { };
  };
  inventory.instances.parental = {
    module = {
      name = "parental-controls";
      input = "self";
    };
    roles.default.tags.kid.settings.bedtime = "21:00";
  };
}
