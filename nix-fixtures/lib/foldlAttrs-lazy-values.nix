lib:
  lib.foldlAttrs (acc: n: v: acc + 1) 0 { a = throw "x"; b = throw "y"; }
