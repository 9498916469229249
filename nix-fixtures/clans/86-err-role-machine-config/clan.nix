# Case 86 — clan-semantics §3.6: the legacy per-machine `config` under a role's machines
# -> "does not exist" ... "Did you mean `...settings'?".
{
  meta.name = "machineconfig";
  inventory.machines.jon = { };
  inventory.instances.sshd = {
    roles.server.machines.jon.config.port = 2222;
  };
}
