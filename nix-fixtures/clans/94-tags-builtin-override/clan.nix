# Case 94 — clan-semantics §6.1: a plain user definition of a built-in tag list replaces the
# computed (mkDefault) one: `tags.nixos = [ "a" ]` -> b loses the nixos tag; `tags.darwin`
# lists a nixos machine (c) which thereby carries "darwin"; `tags.all` with `lib.mkDefault`
# does not override the computed default (both mkDefault: lists concatenate).
{ lib, ... }:
{
  meta.name = "builtinoverride";
  inventory = {
    machines.a = { };
    machines.b = { };
    machines.c = { };
    tags.nixos = [ "a" ];
    tags.darwin = [ "c" ];
    tags.all = lib.mkDefault [ "extra" ];
    instances.i.roles.n.tags.nixos = { };
    instances.i.roles.d.tags.darwin = { };
    instances.i.roles.a.tags.all = { };
  };
}
