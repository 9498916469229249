# Partial case P02: membership is fully static, but two settings values reference packages
# (`inputs.nixpkgs.legacyPackages...`, `self.packages...`), which a static reader cannot (and
# need not) evaluate. Everything except those two settings values is known.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  };

  outputs =
    inputs@{ flake-parts, self, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ inputs.clan-core.flakeModules.default ];
      perSystem =
        { pkgs, ... }:
        {
          packages.motd = pkgs.writeText "motd" "welcome";
        };
      clan = {
        meta.name = "pkgsettings";
        inventory.machines = {
          a.tags = [ "web" ];
          b.tags = [ "web" ];
        };
        inventory.instances.nginx = {
          module.input = "self";
          roles.server.tags.web = { };
          roles.server.settings.package = inputs.nixpkgs.legacyPackages.x86_64-linux.nginxMainline;
          roles.server.machines.a.settings.motd = "${self.packages.x86_64-linux.motd}";
        };
      };
    };
}
