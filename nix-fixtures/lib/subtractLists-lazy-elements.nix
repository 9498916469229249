lib:
  [ (builtins.length (lib.subtractLists [ ] [ (throw "x") ])) (builtins.length (lib.intersectLists [ ] [ (throw "x") ])) ]
