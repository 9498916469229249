lib:
  (lib.recursiveUpdate { a = throw "l"; b = 1; } { c = throw "r"; }).b
