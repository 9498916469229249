lib:
  [ (lib.defaultTo (throw "x") 1) (lib.defaultTo 2 false) ]
