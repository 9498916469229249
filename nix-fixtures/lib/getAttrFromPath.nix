lib:
  lib.getAttrFromPath [ "x" "y" ] { x.y.z = [ 1 ]; }
