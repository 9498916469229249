lib:
  [ (lib.hasInfix "bc" "abcd") (lib.hasInfix "x" "abc") (lib.hasInfix "" "") (lib.hasInfix "b" "a\nb") (lib.hasInfix "." "a.b") (lib.hasInfix "." "ab") ]
