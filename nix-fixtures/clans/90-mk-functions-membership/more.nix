{ lib, ... }:
{
  inventory.machines.forced.tags = [ "dropped-nix" ];
  inventory.machines.ordered.tags = lib.mkMerge [
    [ "plain" ]
    (lib.mkBefore [ "before" ])
  ];
  inventory.instances.backup.roles.server.machines = lib.mkDefault { mac = { }; };
  inventory.instances.only-tags.roles.default.tags = [ "only-this" "dropped-json" ];
}
