# Case 33 — clan-semantics §16 example 4 (§7.3): a role names a machine that is not in the
# inventory: it is a member (M = [ghost]), no warning, no error; the only machine is jon.
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.machines.ghost = { };
    };
  };
}
