[ (builtins.concatStringsSep "," [ ]) (builtins.concatStringsSep "," [ "only" ]) (builtins.concatStringsSep "" [ "x" "y" ]) ]
