# Case 63 — clan-semantics §16 example 55 and §9.3 (and the stored form of ex. 20): settings
# keep priority wrappers in their raw attrset form:
#   a = lib.mkForce 42    -> {"_type":"override","content":42,"priority":50}
#   b = lib.mkDefault "x" -> {"_type":"override","content":"x","priority":1000}
#   c = lib.mkIf true 1   -> {"_type":"if","condition":true,"content":1}
# plus lib.mkMerge / mkOrder inside settings and an `mkForce` at the whole-settings level
# of another role (a priority on the *settings option* itself).
{ lib, ... }:
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    machines.sara = { };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.machines.jon.settings = {
        a = lib.mkForce 42;
        b = lib.mkDefault "x";
        c = lib.mkIf true 1;
      };
      roles.peer.machines.sara = { };
      roles.peer.settings = {
        timeout = 40;
        extra = lib.mkMerge [
          { x = 1; }
          { y = lib.mkOrder 500 [ "z" ]; }
        ];
      };
      roles.server.settings = lib.mkForce { timeout = 1; };
      roles.server.machines.jon = { };
    };
  };
}
