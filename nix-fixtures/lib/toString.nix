lib:
  [ (lib.toString 1) (lib.toString [ 1 "a" ]) (lib.toString null) (lib.toString true) ]
