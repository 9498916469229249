# Case 88 — clan-semantics §5.2, §3.7: an instance split between inventory.json (module and
# role tags, plus the machine's settings as the UI writes them) and Nix (the same machine's
# settings) -> the settings location has two definitions -> "is defined multiple times".
{
  meta.name = "split";
  inventory.machines.jon.tags = [ "backup" ];
  inventory.instances.borg.roles.client.machines.jon.settings.startAt = "daily";
}
