lib:
  lib.concatMapStringsSep "\n" (x: "- " + x) [ "a" "b" ]
