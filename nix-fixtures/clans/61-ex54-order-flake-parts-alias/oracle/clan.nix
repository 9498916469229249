# normalised: the `clan` alias definitions (reverse breadth-first order of the flake-parts
# modules: B1, A2, A1, C, B, A, root), each one level below the clan roots; C's own
# `imports` stays one level deeper.
{
  imports = [
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
