lib:
  [ (lib.strings.hasPrefix "a" "ab") (lib.strings.splitString "/" "a/b") (lib.strings.concatStringsSep "+" [ "x" "y" ]) (lib.strings.removeSuffix "b" "ab") ]
