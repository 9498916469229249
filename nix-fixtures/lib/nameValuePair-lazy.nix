lib:
  (lib.nameValuePair "n" (throw "lazy")).name
