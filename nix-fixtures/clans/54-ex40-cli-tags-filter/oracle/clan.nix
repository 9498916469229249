# normalised: the flake-parts `clan` definitions
{
  meta.name = "test";
  inventory.machines = {
    web-server.tags = [ "web" "production" ];
    db-server.tags = [ "database" "production" ];
    dev-machine.tags = [ "development" ];
    backup-server.tags = [ "backup" "production" ];
  };
}
