# Partial case P04: one machine's tags are read from a file of another flake input
# (`builtins.readFile "${inputs.secrets}/tags.json"`), so its final tags — and whether it is
# a member of any tag-based role — are unknown. Explicit roles and the other machines' tags
# are known; a tag-based role's members are known only as a lower bound.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    secrets.url = "git+ssh://git@example.org/private/secrets";
    secrets.flake = false;
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ inputs.clan-core.flakeModules.default ];
      clan = {
        meta.name = "secrettags";
        inventory.machines = {
          vault.tags = builtins.fromJSON (builtins.readFile "${inputs.secrets}/tags.json");
          web.tags = [ "public" ];
          db.tags = [ "private" ];
        };
        inventory.instances = {
          firewall = {
            module.input = "self";
            roles.open.tags.public = { };
            roles.closed.tags.private = { };
          };
          vault = {
            module.input = "self";
            roles.server.machines.vault = { };
            roles.client.machines.web = { };
            roles.client.machines.db = { };
          };
        };
      };
    };
}
