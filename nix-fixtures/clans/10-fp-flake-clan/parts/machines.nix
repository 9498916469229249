{
  flake.clan.inventory.machines = {
    hub = {
      tags = [ "hw" ];
      installedAt = 1700000000;
    };
    spoke-a.tags = [ "spoke" ];
    spoke-b.tags = [ "spoke" ];
  };
}
