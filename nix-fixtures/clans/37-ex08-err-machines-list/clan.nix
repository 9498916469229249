# Case 37 — clan-semantics §16 example 8 (§3.6, §18 item 1): the legacy habit
# `roles.peer.machines = [ "jon" ]` is a type error (no list coercion for machines).
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    instances.i1 = {
      module = {
        name = "svc";
        input = "self";
      };
      roles.peer.machines = [ "jon" ];
    };
  };
}
