# Case 89 — clan-semantics §4.1: `inventory = <expression>;` followed by
# `inventory.instances = ...;` in the same literal is a parse-time error
# ("attribute 'inventory.instances' already defined") because the first value is not an
# attrset literal Nix could merge.
{ lib, ... }:
let
  base.machines.jon = { };
in
{
  meta.name = "nonliteral";
  inventory = lib.recursiveUpdate base { machines.jon.tags = [ "x" ]; };
  inventory.instances.sshd.roles.server.tags.all = { };
}
