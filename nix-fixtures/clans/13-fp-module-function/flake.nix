# Case 13: flake-parts `flake.clan = { self, lib, config, ... }: { ... };` — the
# clan module is a module *function* (clan-semantics §17.1). A role's machines are
# computed from `config.inventory.machines`, i.e. the merged machine set including
# the machines/ directory and inventory.json (§5.1), with `lib.genAttrs` and
# `lib.filterAttrs` (§17.4 item 6).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, clan-core, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ clan-core.flakeModules.default ];

      flake.clan =
        { self, lib, config, ... }:
        {
          meta.name = "modfn";
          inventory = {
            machines = {
              lab-1.tags = [ "lab" ];
              lab-2.tags = [ "lab" ];
              prod-1.tags = [ "prod" ];
            };
            instances.node-exporter = {
              module.input = "self";
              # every machine except the prod ones is scraped explicitly
              roles.target.machines = lib.genAttrs (builtins.attrNames (
                lib.filterAttrs (_: m: !(builtins.elem "prod" m.tags)) config.inventory.machines
              )) (_: { });
              roles.scraper.machines.prod-1 = { };
            };
          };
        };
    };
}
