lib:
  [ (lib.escapeShellArg "héllo") (lib.escapeShellArg "a\nb") (lib.escapeShellArg "=") ]
