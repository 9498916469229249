_: {
  clan.inventory.machines = {
    "ws-01".tags = [ "workstation" ];
    "ws-02".tags = [ "workstation" ];
    "srv-01" = {
      tags = [ "server" ];
      installedAt = 1735689600;
    };
  };
}
