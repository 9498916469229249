# normalised: the lib.clan argument without `self` (same module tree)
{
  meta.name = "test";
  imports = [
    ./clan/A
    ./clan/B
  ];
  inventory.machines.jon.tags = [ "top" ];
  inventory.tags.zeta = [ "jon" ];
  inventory.tags.alpha = [ "jon" ];
}
