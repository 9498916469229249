lib:
  { x = 1; } // lib.optionalAttrs true { y = 2; } // lib.optionalAttrs false { z = 3; }
