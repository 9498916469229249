lib:
  [ (lib.toUpper "aBc-1é") (lib.toLower "AbC-1É") ]
