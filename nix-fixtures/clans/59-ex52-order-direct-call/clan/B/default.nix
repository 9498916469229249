{
  imports = [ ./B1.nix ];
  inventory.machines.jon.tags = [ "B" ];
}
