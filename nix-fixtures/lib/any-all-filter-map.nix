lib:
  [ (lib.any (x: x > 2) [ 1 3 ]) (lib.all (x: x > 2) [ 1 3 ]) (lib.filter (x: x != 2) [ 1 2 3 ]) (lib.map (x: x * 2) [ 1 2 ]) ]
