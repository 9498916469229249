# Case 80 — clan-semantics §5.2: like case 70, but Nix uses `lib.mkForce "nixos"`, so Nix wins
# over inventory.json's "darwin"; the JSON `deploy.targetHost` equal to the Nix one is fine,
# JSON `description` only in JSON is taken.
{ lib, ... }:
{
  meta.name = "forced";
  inventory.machines.jon = {
    machineClass = lib.mkForce "nixos";
    deploy.targetHost = "root@jon";
  };
}
