lib:
  [ (lib.mkIf true 1) (lib.mkIf false "x") ]
