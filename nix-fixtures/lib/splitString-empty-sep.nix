lib:
  lib.splitString "" "abc"
