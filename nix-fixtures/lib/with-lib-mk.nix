lib:
  with lib; { a = mkIf true (mkDefault 1); b = mkMerge [ (mkBefore [ 1 ]) (mkAfter [ 2 ]) ]; c = mkForce (optionalString true "s"); }
