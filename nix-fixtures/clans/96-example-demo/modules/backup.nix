# A flake-parts module adding one instance (found by import-tree).
{
  clan.inventory.instances.borgbackup = {
    roles.server.machines.nas = { };
    roles.client.tags.workstation = { };
    roles.client.machines.jon.settings.startAt = "hourly";
  };
}
