lib:
  [ (lib.optionalString true "yes") (lib.optionalString false (throw "x")) ]
