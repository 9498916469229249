lib:
  [ (lib.mkOptionDefault 1) (lib.mkVMOverride 2) (lib.mkImageMediaOverride 3) ]
