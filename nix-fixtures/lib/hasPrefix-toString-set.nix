lib:
  [ (lib.hasPrefix "a" { __toString = s: "abc"; }) (lib.hasSuffix "c" { outPath = "abc"; }) ]
