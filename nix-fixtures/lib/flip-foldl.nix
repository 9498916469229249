lib:
  lib.foldl (lib.flip (x: acc: acc ++ [ x ])) [ ] [ 1 2 3 ]
