lib:
  [ (lib.removeSuffix "abc" "abc") (lib.removePrefix "ab" "a") (lib.removeSuffix "bc" "c") ]
