lib:
  lib.pipe "v" [ ]
