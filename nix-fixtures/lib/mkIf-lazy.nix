lib:
  (lib.mkIf (throw "c") (throw "v"))._type
