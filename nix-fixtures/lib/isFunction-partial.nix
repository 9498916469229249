lib:
  [ (lib.isFunction lib.mkDefault) (lib.isFunction (lib.const 1)) (lib.isFunction 1) ]
