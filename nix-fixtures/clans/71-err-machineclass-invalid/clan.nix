# Case 71 — clan-semantics §3.3: `machineClass` is an enum "nixos" | "darwin".
{
  meta.name = "badclass";
  inventory.machines.jon = { };
  inventory.machines.winbox.machineClass = "windows";
}
