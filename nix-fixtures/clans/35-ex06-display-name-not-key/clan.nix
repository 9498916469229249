# Case 35 — clan-semantics §16 example 6 (§3.3): the machine key is the identity.
# `jon.name = "other-name"`; `roles.peer.machines.other-name = {}` -> M = [other-name]
# (an unknown machine), jon is not a member.
{
  meta.name = "test";
  inventory = {
    machines.jon.name = "other-name";
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.machines.other-name = { };
    };
  };
}
