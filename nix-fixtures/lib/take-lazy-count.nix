lib:
  lib.take (throw "unused") [ ]
