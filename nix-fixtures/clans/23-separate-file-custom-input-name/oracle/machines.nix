{
  inventory.machines = {
    north = {
      tags = [ "dc" "primary" ];
      deploy.targetHost = "root@north.dc";
      deploy.forwardAgent = false;
    };
    south = {
      tags = [ "dc" ];
      deploy.targetHost = "root@south.dc";
      deploy.forwardAgent = true;
    };
  };
}
