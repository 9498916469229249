# Case 72 — clan-semantics §3.2: `meta.name` is mandatory; a flake-parts clan that forgot it
# fails with "The option `inventory.meta.name' was accessed but has no value defined".
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
      clan = {
        meta.description = "nameless";
        inventory.machines.jon = { };
        inventory.instances.sshd.roles.server.tags.all = { };
      };
    };
}
