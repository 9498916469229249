# Case 03: older flake using the deprecated `clan-core.lib.buildClan` with
# `directory = self;` (clan-semantics §2, §3.1 `directory`). buildClan returns the
# config directly. Machines from machines/ directories, from the top-level
# `machines.<name>` option and from `inventory.machines`.
# (Real clan also prints the buildClan DEPRECATION NOTICE and the
# "It appears you set 'clan.directory = self'" warning; the oracle does not model them.)
{
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  inputs.nixpkgs.follows = "clan-core/nixpkgs";

  outputs =
    { self, clan-core, ... }:
    let
      clan = clan-core.lib.buildClan {
        directory = self;
        meta.name = "webfarm";

        machines = {
          db =
            { ... }:
            {
              services.postgresql.enable = true;
            };
        };

        inventory = {
          machines.lb = {
            tags = [ "edge" ];
          };
          machines.web1.tags = [ "web" ];
          machines.web2.tags = [ "web" ];

          instances = {
            nginx = {
              module.input = "self";
              roles.backend.tags.web = { };
              roles.frontend.tags.edge = { };
            };
            postgres = {
              module.input = "self";
              roles.server.machines.db = { };
              roles.client.tags = [ "web" ];
            };
          };
        };
      };
    in
    {
      inherit (clan) nixosConfigurations clanInternals;
    };
}
