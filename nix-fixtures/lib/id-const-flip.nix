lib:
  [ (lib.id 1) (lib.const 2 (throw "x")) (lib.flip lib.concat [ 1 ] [ 2 ]) (lib.flip (a: b: a - b) 1 10) ]
