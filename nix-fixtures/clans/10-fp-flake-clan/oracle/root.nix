{
  meta.name = "parts-flake-clan";
  inventory.machines.hub.tags = [ "root" ];
}
