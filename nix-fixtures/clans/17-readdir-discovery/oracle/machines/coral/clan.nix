{ ... }:
{
  inventory.machines.coral.description = "coral reef monitor";
  inventory.instances.garage.roles.default.machines.coral.settings.capacity = "1T";
}
