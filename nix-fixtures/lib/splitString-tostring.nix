lib:
  [ (builtins.length (lib.splitString "1" 21314)) (lib.splitString 1 "a1b") ]
