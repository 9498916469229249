# Case 75 — clan-semantics §3.8, §12, §17.2: a clan still carrying a legacy
# `inventory.services` entry next to its instances (as seen in the wild:
# `services.sshd."default" = { roles.server.tags = [ "all" ]; }`) -> removed-option error
# when the serialization is evaluated.
{
  meta.name = "legacy";
  inventory = {
    machines.jon = { };
    machines.sara = { };
    instances.zerotier = {
      roles.controller.machines.jon = { };
      roles.peer.tags.all = { };
    };
    services.sshd."default" = {
      roles.server.tags = [ "all" ];
    };
  };
}
