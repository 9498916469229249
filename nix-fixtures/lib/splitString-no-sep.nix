lib:
  [ (lib.splitString "," "abc") (lib.splitString "," "") ]
