{ lib, ... }:
let
  machineDirs = lib.filterAttrs (_: type: type == "directory") (builtins.readDir ./machines);
in
{
  meta.name = "discovered";
  imports = map (n: ./machines + "/${n}/clan.nix") (builtins.attrNames machineDirs);

  inventory.instances.sshd.roles.server.tags.all = { };
  inventory.instances.garage = {
    roles.default.tags = [ "storage" ];
  };
}
