# Case 83 — clan-semantics §3.7: a settings value containing `imports` is rejected:
# "uniqueDeferredSerializableModule doesn't allow nested imports".
{
  meta.name = "nestedimports";
  inventory.machines.jon = { };
  inventory.instances.users = {
    roles.default.machines.jon.settings = {
      imports = [ ./users-settings.nix ];
      user = "alice";
    };
  };
}
