# Case 90 — clan-semantics §4.1 priorities on membership paths (§17.3 says they were only
# seen in settings in the wild, but clan-core honours them everywhere):
#  * `tags = lib.mkForce [...]` drops the lower-priority Nix and JSON tag definitions;
#  * `machineClass = lib.mkDefault "nixos"` loses against JSON "darwin";
#  * `lib.mkBefore` / `lib.mkAfter` reorder tag definitions;
#  * `lib.mkIf false` removes an instance and a role member; `lib.mkMerge` splices instances;
#  * `lib.mkOverride 900` vs `lib.mkDefault` on a role's machines.
# Note: the derived tags (all/nixos/...) are an ordinary-priority definition of
# `machines.<m>.tags`, so `mkForce` drops them too (forced = ["only-this"]: it is still
# listed in inventory.tags.all but `roles.*.tags.all` does not match it), and `mkAfter`
# puts user tags after them (ordered = [..,"all","nixos","after"]).
{ lib, ... }:
let
  enableMonitoring = false;
in
{
  meta.name = "priorities";
  imports = [ ./more.nix ];

  inventory.machines = {
    forced = {
      tags = lib.mkForce [ "only-this" ];
    };
    mac.machineClass = lib.mkDefault "nixos";
    ordered.tags = lib.mkAfter [ "after" ];
  };

  inventory.instances = lib.mkMerge [
    {
      sshd.roles.server.tags.all = { };
    }
    (lib.mkIf enableMonitoring {
      monitoring.roles.server.machines.forced = { };
    })
    {
      backup.roles.client.machines = lib.mkMerge [
        { forced = { }; }
        (lib.mkIf enableMonitoring { mac = { }; })
      ];
      backup.roles.server.machines = lib.mkOverride 900 { ordered = { }; };
    }
  ];
}
