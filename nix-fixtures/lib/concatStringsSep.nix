lib:
  [ (lib.concatStringsSep ", " [ "a" "b" "c" ]) (lib.concatStringsSep "-" [ ]) ]
