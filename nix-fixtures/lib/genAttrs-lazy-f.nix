lib:
  lib.genAttrs [ ] (throw "f is never forced")
