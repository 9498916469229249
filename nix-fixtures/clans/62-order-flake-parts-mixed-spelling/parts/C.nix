{
  clan = {
    imports = [ { inventory.machines.jon.tags = [ "C-inner-imp" ]; } ];
    inventory.machines.jon.tags = [ "C" ];
  };
}
