lib:
  [ (lib.mergeAttrsList [ ]) (lib.mergeAttrsList [ 5 ]) ]
