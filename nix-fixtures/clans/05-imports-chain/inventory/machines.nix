{ lib, ... }:
{
  inventory.machines = {
    alpha = {
      tags = [ "server" "backup-target" ];
      deploy.targetHost = "root@alpha.chained.lan";
    };
    beta.tags = [ "server" ];
    gamma = {
      tags = [ "laptop" ];
      deploy.buildHost = "alpha";
    };
  };
}
