# Case 45 — clan-semantics §16 example 35 (§6.1, §6.2): jon.tags = ["zzz" "backup" "zzz"],
# sara darwin, `inventory.tags.static = ["jon" "ghost"]` -> jon
# ["zzz","backup","all","nixos","static"], sara ["all","darwin"]; tags map
# {"all":["jon","sara"],"darwin":["sara"],"nixos":["jon"],"static":["jon","ghost"]};
# a role on the static tag resolves to jon only (role tags look at machine tags, §6.3).
{
  meta.name = "test";
  inventory = {
    machines.jon.tags = [ "zzz" "backup" "zzz" ];
    machines.sara.machineClass = "darwin";
    tags.static = [ "jon" "ghost" ];
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.tags.static = { };
    };
  };
}
