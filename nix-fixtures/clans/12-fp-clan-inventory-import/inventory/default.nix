{ lib, inputs }:
let
  machines = import ./machines.nix;
  servers = builtins.attrNames (lib.filterAttrs (_: m: builtins.elem "server" (m.tags or [ ])) machines);
in
{
  inherit machines;
  instances = lib.mkMerge [
    (import ./instances/dns.nix { inherit servers; })
    (import ./instances/users.nix)
  ];
}
