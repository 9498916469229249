# Case 36 — clan-semantics §16 example 7 (§3.6, §11): `roles.peer.tags = ["x" "nix-tag"]`
# serialises as {"nix-tag": {"settings": {}}, "x": {"settings": {}}}; jon{nix-tag}
# is the only member; 'x' matches nothing (warning).
{
  meta.name = "test";
  inventory = {
    machines.jon.tags = [ "nix-tag" ];
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.tags = [ "x" "nix-tag" ];
    };
  };
}
