{
  flake.modules.clan.host-rpi = {
    inventory.machines.rpi = {
      tags = [ "arm" "iot" ];
      deploy.targetHost = "root@rpi.home";
    };
  };
  flake.modules.nixos.rpi =
    { pkgs, ... }:
    {
      boot.kernelPackages = pkgs.linuxPackages_rpi4;
    };
}
