{
  inventory.machines.core = {
    tags = [ "server" ];
    deploy.targetHost = "root@core";
  };
}
