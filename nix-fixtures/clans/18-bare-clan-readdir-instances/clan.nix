# Case 18: a bare clan.nix (no flake.nix; oracle-readable as is). Instances are
# discovered with `builtins.readDir ./instances`, filtered with `lib.filterAttrs`
# and `lib.hasSuffix`, and named with `lib.mapAttrs'`/`nameValuePair`/`removeSuffix`;
# machines come from a `let` table with `inherit` and dynamic attribute names
# (clan-semantics §2, §17.3, §17.4 item 6).
{ lib, ... }:
let
  instanceFiles = lib.filterAttrs (
    name: type: type == "regular" && lib.hasSuffix ".nix" name
  ) (builtins.readDir ./instances);

  site = "fra";
  rack = {
    a = [ "db" ];
    b = [ "db" "replica" ];
    c = [ "app" ];
  };
in
{
  meta.name = "readdir";

  inventory.machines = lib.mapAttrs' (
    slot: tags: lib.nameValuePair "${site}-${slot}" { inherit tags; }
  ) rack;

  inventory.instances = lib.mapAttrs' (
    file: _: lib.nameValuePair (lib.removeSuffix ".nix" file) (import (./instances + "/${file}"))
  ) instanceFiles;
}
