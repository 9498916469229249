lib:
  lib.pipe 2 [ (x: x + 1) (x: x * 10) toString ]
