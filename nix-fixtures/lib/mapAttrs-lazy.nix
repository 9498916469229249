lib:
  (lib.mapAttrs (n: v: v + 1) { a = throw "x"; b = 1; }).b
