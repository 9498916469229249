lib:
  lib.mkForce [ 1 ]
