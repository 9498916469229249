lib:
  [ (lib.min 1 2) (lib.max 1 2) (lib.min "b" "a") (lib.max 3 3) ]
