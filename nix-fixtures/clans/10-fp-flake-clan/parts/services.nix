{ ... }:
{
  imports = [ ./services/backup.nix ];
  flake.clan.inventory.instances.sshd = {
    roles.server.tags.all = { };
  };
}
