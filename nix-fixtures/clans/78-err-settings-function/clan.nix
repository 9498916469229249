# Case 78 — clan-semantics §3.7: settings written as a module function are rejected by the
# settings type check (toJSON) -> "cannot convert a function to JSON".
{
  meta.name = "fnsettings";
  inventory.machines.jon = { };
  inventory.instances.users = {
    roles.default.machines.jon = { };
    roles.default.settings =
      { lib, ... }:
      {
        user = "alice";
      };
  };
}
