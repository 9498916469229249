lib:
  lib.mapAttrsRecursiveCond (as: !(as ? stop)) (path: v: builtins.length path) { a = { stop = true; x = 1; }; b = { c = 1; }; }
