{
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
  inputs.clan-core.url = "git+https://git.clan.lol/clan/clan-core";
  outputs = inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      _module.args.hosts = { a = { }; };
      systems = [ ];
      imports = [ ./clan.nix ];
    };
}
