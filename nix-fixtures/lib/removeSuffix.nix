lib:
  [ (lib.removeSuffix ".nix" "default.nix") (lib.removeSuffix "zzz" "default.nix") (lib.removeSuffix "" "x") (lib.removeSuffix "long-suffix" "x") ]
