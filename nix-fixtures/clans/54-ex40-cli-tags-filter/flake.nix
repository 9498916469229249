# Case 54 — clan-semantics §16 example 40 (clan_cli/machines/list_test.py; §14), as a
# flake-parts clan. Machines: web-server{web,production}, db-server{database,production},
# dev-machine{development}, backup-server{backup,production}.
# Expected CLI answers (clan machines list / clan-inv machines):
#   --tags production      -> backup-server, db-server, web-server
#   --tags web production  -> web-server
#   --tags nonexistent     -> (nothing)
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ inputs.clan-core.flakeModules.default ];
      clan.meta.name = "test";
      clan.inventory.machines = {
        web-server.tags = [ "web" "production" ];
        db-server.tags = [ "database" "production" ];
        dev-machine.tags = [ "development" ];
        backup-server.tags = [ "backup" "production" ];
      };
    };
}
