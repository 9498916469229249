# Case 79 — clan-semantics §3.6, §18 item 2: the legacy role key `config` ->
# "The option `inventory.instances.i.roles.peer.config' does not exist." ... "Did you mean".
{
  meta.name = "roleconfig";
  inventory.machines.jon = { };
  inventory.instances.i = {
    roles.peer.machines.jon = { };
    roles.peer.config.port = 22;
  };
}
