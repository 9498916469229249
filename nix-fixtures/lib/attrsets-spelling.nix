lib:
  [ (lib.attrsets.genAttrs [ "a" ] (n: 1)) (lib.attrsets.filterAttrs (n: v: v) { x = true; y = false; }) (lib.attrsets.recursiveUpdate { a.b = 1; } { a.c = 2; }) ]
