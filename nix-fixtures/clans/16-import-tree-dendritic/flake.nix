# Case 16: "dendritic" import-tree layout. A custom flake-parts option `fleet.hosts`
# is declared in one module, filled by one file per host, and turned into
# inventory machines in another module through `config.fleet.hosts`
# (`lib.mapAttrs`, `lib.optional`); one host exists only as a `clan.machines.<name>`
# key (clan-semantics §5.1 item 4); static `inventory.tags`; a nested `_shared`
# directory is skipped by import-tree (§17.1, §17.4 item 3, §17.6).
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    import-tree.url = "github:vic/import-tree";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, import-tree, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      imports = [ (import-tree ./modules) ];
      systems = [ "x86_64-linux" "aarch64-linux" ];
    };
}
