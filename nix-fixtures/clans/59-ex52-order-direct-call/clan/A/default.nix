{
  imports = [
    ./A1.nix
    ./A2.nix
  ];
  inventory.machines.jon.tags = [ "A" ];
}
