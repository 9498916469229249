# Case 25: dendritic import-tree layout where every file publishes `flake.modules.clan.<n>`
# (and `flake.modules.nixos.<n>`, irrelevant to the inventory), and one module collects all
# clan modules with `clan.imports = builtins.attrValues config.flake.modules.clan;`
# (clan-semantics §17.1, §17.4 item 3). modules/hosts/_retired.nix is skipped by import-tree.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    import-tree.url = "github:vic/import-tree";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } (inputs.import-tree ./modules);
}
