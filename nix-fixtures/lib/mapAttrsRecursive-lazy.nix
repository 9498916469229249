lib:
  (lib.mapAttrsRecursive (p: v: v) { a = throw "x"; b = { c = 2; }; }).b.c
