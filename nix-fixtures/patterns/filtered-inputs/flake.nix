{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  inputs.nixpkgs.url = "github:nixos/nixpkgs";
  outputs = inputs: with inputs.nixpkgs.lib; inputs.flake-parts.lib.mkFlake {
    inputs = filterAttrs (name: _: ! hasPrefix "dep_" name) inputs;
  } {
    systems = [ ];
    imports = [ ./clan.nix ];
  };
}
