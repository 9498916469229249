# Case 40 — clan-semantics §16 example 12 (tests/extraModules.nix): a flake whose own
# clan service `A` (the `modules` option) is used with `module.input = "self"`, and whose
# only machine `jon` comes from the top-level `machines.jon` NixOS configuration
# (§5.1 item 4) -> M(A, peer) = [jon]. `extraModules` (a path and a string) is
# dropped from the serialization (§3.6, §11).
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
        meta.name = "test";
        modules.A = ./services/A;
        inventory.instances.A = {
          module.input = "self";
          roles.peer.tags.all = { };
          roles.peer.extraModules = [
            ./services/A/extra.nix
            "services/A/extra.nix"
          ];
        };
        machines.jon =
          { ... }:
          {
            networking.hostName = "jon";
          };
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
