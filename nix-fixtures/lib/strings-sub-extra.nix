lib:
  [ (lib.strings.optionalString true "x") (lib.strings.toUpper "a") (lib.strings.escapeShellArg "a b") (lib.strings.concatMapStrings toString [ 1 2 ]) (lib.strings.versionAtLeast "2" "1") (lib.strings.hasSuffix "b" "ab") ]
