lib:
  [ (lib.hasInfix "b" { outPath = "abc"; }) (lib.hasInfix "abc" "ab") ]
