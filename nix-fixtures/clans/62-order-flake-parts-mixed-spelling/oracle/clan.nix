# normalised: `flake.clan` receives its definitions in forward breadth-first order of the
# flake-parts modules: F (level 2), F1 (level 3), then the `clan` alias block (the alias
# module is at level 9 inside clan-core.flakeModules.default), whose own definitions are in
# reverse breadth-first order (B1, A2, A1, C, B, A, root). Listed here in that order, one
# level below the clan roots.
{
  imports = [
    { inventory.machines.jon.tags = [ "F" ]; }
    { inventory.machines.jon.tags = [ "F1" ]; }
    { inventory.machines.jon.tags = [ "B1" ]; }
    { inventory.machines.jon.tags = [ "A2" ]; }
    { inventory.machines.jon.tags = [ "A1" ]; }
    {
      imports = [ { inventory.machines.jon.tags = [ "C-inner-imp" ]; } ];
      inventory.machines.jon.tags = [ "C" ];
    }
    { inventory.machines.jon.tags = [ "B" ]; }
    { inventory.machines.jon.tags = [ "A" ]; }
    { meta.name = "test"; }
  ];
}
