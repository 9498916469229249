lib:
  builtins.length (lib.mapAttrsToList (n: v: throw "x") { a = 1; b = 2; })
