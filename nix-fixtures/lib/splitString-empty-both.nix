lib:
  [ (lib.splitString "" "") (lib.splitString "," "a,") (lib.splitString "aa" "aaa") (lib.splitString "," ",") ]
