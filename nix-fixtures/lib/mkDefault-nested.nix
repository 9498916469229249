lib:
  lib.mkDefault (lib.mkForce 1)
