lib:
  [ (lib.warnIf false "no" 1) (lib.warnIf true "yes" 2) (lib.warnIfNot true "no" 3) ]
