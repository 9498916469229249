lib:
  lib.warnIf false (throw "msg") 1
