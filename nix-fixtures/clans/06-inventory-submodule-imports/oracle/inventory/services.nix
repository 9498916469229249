{ lib, ... }:
{
  instances = {
    tor.roles.server.tags.nixos = { };
    "nix-builder" = {
      module.input = "self";
      roles.builder.machines."Build_Box".settings = {
        maxJobs = 8;
        systems = [ "x86_64-linux" "aarch64-linux" ];
      };
      roles.client.tags."relay" = { };
    };
  };
}
