builtins.concatStringsSep "-" [ "a" (toString 1) { outPath = "p"; } ]
