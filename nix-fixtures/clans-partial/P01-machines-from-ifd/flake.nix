# Partial case P01: the machine set is partly computed from a derivation (import from
# derivation through `pkgs.runCommand`), so which machines exist — and therefore every
# tag-based role — is not statically known. `static-box` and the explicit roles are known.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
    clan-core.inputs.nixpkgs.follows = "nixpkgs";
  };

  outputs =
    { self, nixpkgs, clan-core, ... }:
    let
      inherit (nixpkgs) lib;
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      generatedHosts = lib.importJSON (
        pkgs.runCommand "hosts.json" { } ''
          ${pkgs.python3}/bin/python3 ${./gen-hosts.py} > $out
        ''
      );
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "generated";
        inventory.machines =
          lib.genAttrs generatedHosts (_: {
            tags = [ "generated" ];
          })
          // {
            static-box.tags = [ "static" ];
          };
        inventory.instances = {
          sshd.roles.server.tags.all = { };
          backup = {
            module.name = "borgbackup";
            roles.server.machines.static-box = { };
            roles.client.tags.generated = { };
          };
          admin.roles.default.machines.static-box.settings.allowedKeys.me = "ssh-ed25519 AAAA";
        };
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
