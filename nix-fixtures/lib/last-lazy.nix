lib:
  [ (lib.last [ (throw "x") 2 ]) (builtins.length (lib.init [ (throw "a") (throw "b") ])) (builtins.length (lib.reverseList [ (throw "a") 1 ])) ]
