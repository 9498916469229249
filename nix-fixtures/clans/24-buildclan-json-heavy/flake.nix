# Case 24: an older `buildClan` flake where most of the inventory lives in inventory.json as
# the clan UI wrote it: meta.name, machines (description, tags, deploy, installedAt) and an
# instance; Nix only adds machine configurations (`machines.<name>`, which also makes them
# inventory machines) and one instance (clan-semantics §5.1, §5.4, §17.2).
{
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";

  outputs =
    { self, clan-core, ... }:
    let
      clan = clan-core.lib.buildClan {
        directory = self;
        machines = {
          workstation = import ./workstation.nix;
          old-laptop = { };
        };
        inventory.instances.sshd = {
          roles.server.tags.all = { };
          roles.client.tags = [ "ui-managed" ];
        };
      };
    in
    {
      inherit (clan) nixosConfigurations clanInternals;
    };
}
