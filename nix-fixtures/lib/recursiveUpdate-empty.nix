lib:
  [ (lib.recursiveUpdate { } { a = 1; }) (lib.recursiveUpdate { a = 1; } { }) ]
