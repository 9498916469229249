# Case 48 — clan-semantics §16 example 37 (§5.2): Nix `jon.tags = ["nix-tag"]` and JSON
# {"machines":{"jon":{"tags":["json-tag"]}}} -> ["nix-tag","json-tag","all","nixos"];
# the JSON tag affects membership.
{
  meta.name = "test";
  inventory.machines.jon.tags = [ "nix-tag" ];
  inventory.instances.i1 = {
    module = {
      name = "svc";
      input = "self";
    };
    roles.peer.tags = [ "json-tag" ];
  };
}
