lib:
  [ (lib.optionalAttrs true { a = 1; }) (lib.optionalAttrs false (throw "lazy")) ]
