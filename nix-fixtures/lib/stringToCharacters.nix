lib:
  [ (lib.stringToCharacters "abc") (lib.stringToCharacters "") ]
