lib:
  lib.concatStringsSep "" (lib.take 3 (lib.drop 2 (lib.stringToCharacters "abcdefg")))
