# Case 15: import-tree layout: `flake-parts.lib.mkFlake { inherit inputs; } (inputs.import-tree ./modules)`.
# Every *.nix file under modules/ is a flake-parts module, found recursively; any path
# with a component starting with `_` is skipped (modules/_wip/, modules/services/_lib.nix),
# non-.nix files are ignored (clan-semantics §17.1, §17.6 import-tree).
# `core` is tagged in two files: forward order of the import-tree file list
# (machines/core.nix before services/monitoring.nix) under the `clan` alias.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    import-tree.url = "github:vic/import-tree";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } (inputs.import-tree ./modules);
}
