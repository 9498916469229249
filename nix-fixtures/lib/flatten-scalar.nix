lib:
  lib.flatten 7
