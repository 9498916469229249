lib:
  [ (lib.hasPrefix "ab" "abc") (lib.hasPrefix "abc" "ab") (lib.hasPrefix "" "x") (lib.hasPrefix "b" "abc") ]
