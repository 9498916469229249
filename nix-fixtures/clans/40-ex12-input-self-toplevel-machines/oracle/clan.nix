# normalised: the lib.clan argument without `self` and `modules` (the oracle stubs
# every service module; extraModules is dropped from the output anyway)
{
  meta.name = "test";
  inventory.instances.A = {
    module.input = "self";
    roles.peer.tags.all = { };
  };
  machines.jon =
    { ... }:
    {
      networking.hostName = "jon";
    };
}
