lib:
  [ (lib.versionAtLeast "25.05" "24.11") (lib.versionOlder "1.0-rc1" "1.0") (lib.versionAtLeast "1.0.0" "1.0") ]
