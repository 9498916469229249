{
  inventory.machines.alpha = {
    tags = [ "hub" ];
    deploy.targetHost = "root@alpha.example.com";
  };
}
