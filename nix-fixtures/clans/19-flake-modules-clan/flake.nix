# Case 19: clan modules published as `flake.modules.clan.<name>` (flake-parts'
# `flakeModules.modules`) and collected with
# `clan.imports = with config.flake.modules.clan; [ base wireguard hosts ];`
# (clan-semantics §17.1 last paragraph, §17.4 item 3). `m1` is tagged by two of
# them; `legacy` is published but never imported, so its machine does not exist.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } (
      { config, ... }:
      {
        systems = [ "x86_64-linux" ];
        imports = [
          inputs.flake-parts.flakeModules.modules
          inputs.clan-core.flakeModules.default
          ./parts/base.nix
          ./parts/wireguard.nix
          ./parts/hosts.nix
          ./parts/legacy.nix
        ];

        clan.imports = with config.flake.modules.clan; [
          base
          wireguard
          hosts
        ];
      }
    );
}
