lib:
  [ (lib.mkMerge (throw "x"))._type (lib.mkOverride (throw "p") 1).content (lib.mkOrder 1 (throw "c"))._type ]
