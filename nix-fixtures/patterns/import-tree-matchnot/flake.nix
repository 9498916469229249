{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.import-tree.url = "github:vic/import-tree";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  outputs = inputs: inputs.flake-parts.lib.mkFlake { inherit inputs; } {
    systems = [ ];
    imports = [
      inputs.clan-core.flakeModules.default
      (inputs.import-tree.matchNot ".*/skip\.nix" ./mods)
    ];
    flake.clan.meta.name = "t";
  };
}
