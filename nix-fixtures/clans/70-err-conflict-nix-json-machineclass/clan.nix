# Case 70 — clan-semantics §5.2, §4.1: the same scalar with different values in Nix and in
# inventory.json (`machineClass` "nixos" vs "darwin") -> "has conflicting definition values"
# (case 80 shows that `lib.mkForce` in Nix resolves it).
{
  meta.name = "conflict";
  inventory.machines.jon = {
    machineClass = "nixos";
    tags = [ "laptop" ];
  };
}
