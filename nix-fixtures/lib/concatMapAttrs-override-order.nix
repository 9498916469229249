lib:
  lib.concatMapAttrs (n: v: { k = n; }) { b = 1; a = 2; c = 3; }
