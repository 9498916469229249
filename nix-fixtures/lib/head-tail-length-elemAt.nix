lib:
  [ (lib.head [ 1 2 ]) (lib.tail [ 1 2 3 ]) (lib.length [ 1 2 ]) (lib.elemAt [ "a" "b" ] 1) ]
