lib:
  builtins.length (lib.unique [ (throw "not compared") ])
