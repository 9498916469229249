lib:
  lib.splitString "::" "a::b:::c::"
