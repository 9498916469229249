lib:
  lib.splitString "|*" "x|*y|z*"
