# normalised: the flake.clan module function, unchanged
{ self, lib, config, ... }:
{
  meta.name = "modfn";
  inventory = {
    machines = {
      lab-1.tags = [ "lab" ];
      lab-2.tags = [ "lab" ];
      prod-1.tags = [ "prod" ];
    };
    instances.node-exporter = {
      module.input = "self";
      # every machine except the prod ones is scraped explicitly
      roles.target.machines = lib.genAttrs (builtins.attrNames (
        lib.filterAttrs (_: m: !(builtins.elem "prod" m.tags)) config.inventory.machines
      )) (_: { });
      roles.scraper.machines.prod-1 = { };
    };
  };
}
