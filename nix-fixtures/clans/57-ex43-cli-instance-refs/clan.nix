# Case 57 — clan-semantics §16 example 43 (§14 instance references): machines jon and sara;
# `admin.roles.default.machines.jon = {}` and `borgbackup.roles.default.tags.all = {}` ->
# instance refs: sara {borgbackup}, jon {admin, borgbackup} (the oracle's memberships).
{
  meta.name = "test";
  inventory = {
    machines.jon = { };
    machines.sara = { };
    instances.admin.roles.default.machines.jon = { };
    instances.borgbackup.roles.default.tags.all = { };
  };
}
