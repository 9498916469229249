# hermes is only a NixOS configuration in the clan; it still becomes an inventory machine
{
  clan.machines.hermes =
    { pkgs, ... }:
    {
      environment.systemPackages = [ pkgs.git ];
    };
}
