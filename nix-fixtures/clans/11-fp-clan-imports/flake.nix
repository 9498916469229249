# Case 11: flake-parts `clan = { imports = [ ./clan.nix ]; };` — the layout of
# clan-core's flake-parts template (clan-semantics §17.1). clan.nix holds meta,
# inventory and `machines.<name>` (every key of the top-level `machines` option is
# an inventory machine, §5.1 item 4), plus a machines/ directory.
{
  inputs = {
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    nixpkgs.follows = "clan-core/nixpkgs";
    flake-parts.follows = "clan-core/flake-parts";
  };

  outputs =
    inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [
        "x86_64-linux"
        "aarch64-darwin"
      ];
      imports = [ inputs.clan-core.flakeModules.default ];
      clan = {
        imports = [ ./clan.nix ];
      };
    };
}
