lib:
  lib.concatMapStringsSep "," (throw "f") [ ]
