builtins.concatStringsSep "," "abc"
