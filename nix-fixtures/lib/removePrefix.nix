lib:
  [ (lib.removePrefix "foo." "foo.bar") (lib.removePrefix "xxx" "foo.bar") (lib.removePrefix "" "abc") (lib.removePrefix "abc" "abc") ]
