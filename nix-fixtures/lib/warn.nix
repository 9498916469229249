lib:
  lib.warn "this is a warning" 5
