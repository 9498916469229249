lib:
  [ (lib.hasSuffix "bc" "abc") (lib.hasSuffix "abcd" "bcd") (lib.hasSuffix "" "x") (lib.hasSuffix "a" "abc") ]
