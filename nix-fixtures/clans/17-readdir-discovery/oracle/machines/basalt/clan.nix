{
  inventory.machines.basalt = {
    tags = [ "storage" "ssd" ];
    deploy.targetHost = "root@basalt";
  };
}
