# Case 59 — clan-semantics §16 example 52 (§4.2 definition order): a direct lib.clan call whose
# top level sets jon.tags = ["top"] and imports [A B]; A sets ["A"] and imports A1 (["A1"]) and
# A2 (["A2"]); B sets ["B"] and imports B1 (["B1"]); inventory.json gives ["json"];
# inventory.tags.zeta and .alpha list jon ->
# ["B1","A2","A1","B","A","top","json","all","alpha","nixos","zeta"]
# (reverse breadth-first order of the clan modules, then JSON, then derived tags sorted).
{
  inputs.clan-core.url = "https://git.clan.lol/clan/clan-core/archive/main.tar.gz";
  inputs.nixpkgs.follows = "clan-core/nixpkgs";

  outputs =
    { self, clan-core, ... }:
    let
      clan = clan-core.lib.clan {
        inherit self;
        meta.name = "test";
        imports = [
          ./clan/A
          ./clan/B
        ];
        inventory.machines.jon.tags = [ "top" ];
        inventory.tags.zeta = [ "jon" ];
        inventory.tags.alpha = [ "jon" ];
      };
    in
    {
      inherit (clan.config) nixosConfigurations clanInternals;
    };
}
