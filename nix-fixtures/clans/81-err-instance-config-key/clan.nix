# Case 81 — clan-semantics §3.5: an instance with a key literally named `config` (legacy
# habit) is read by the module system as a module with a top-level `config`, giving the
# confusing "has an unsupported attribute `module'" error.
{
  meta.name = "instconfig";
  inventory.machines.jon = { };
  inventory.instances.borgbackup = {
    module.name = "borgbackup";
    roles.client.machines.jon = { };
    config.destinations.local = "/var/backup";
  };
}
