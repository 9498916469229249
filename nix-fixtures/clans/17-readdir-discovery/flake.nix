# Case 17: `builtins.readDir`-driven discovery: clan.nix imports
# `machines/<name>/clan.nix` for every directory under machines/
# (`map (n: ./machines + "/${n}/clan.nix") (attrNames (filterAttrs ... (readDir ./machines)))`).
# The same directories are also found by clan-core's own machines/ discovery (§5.1 item 3);
# machines/README.md is a file and is ignored by both (clan-semantics §17.4 item 5).
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
        imports = [ ./clan.nix ];
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
