{
  clan.inventory.instances.wg.roles.controller.machines.alpha.settings.endpoint = "alpha.example.com";
  # alpha is also tagged here (second definition of alpha.tags)
  clan.inventory.machines.alpha.tags = [ "wg-controller" ];
}
