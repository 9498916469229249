lib:
  [ (lib.escapeShellArg "simple/path-1.2_x+y:z@w%") (lib.escapeShellArg "has space") (lib.escapeShellArg "it's") (lib.escapeShellArg "") (lib.escapeShellArg 42) (lib.escapeShellArg "a$b") ]
