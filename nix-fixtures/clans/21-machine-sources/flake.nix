# Case 21: all four machine sources of clan-semantics §5.1 in one flake:
# `inventory.machines` (nix-only, both), inventory.json (json-only, both; an empty
# "instances": {} as the CLI writes it), machines/ directories (dir-only, both) and
# top-level `machines.<name>` keys (config-only, both). JSON tags are appended after
# nix tags (§5.2); `tags.all` picks up every machine (§6.1).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    { self, clan-core, ... }:
    let
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "sources";
        imports = [ ./machines.nix ];
        inventory.machines.nix-only.tags = [ "nix" ];
        inventory.machines.both.tags = [ "nix" ];
        inventory.instances.everyone.roles.default.tags.all = { };
        inventory.instances.json-tagged.roles.default.tags = [ "json" ];
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
