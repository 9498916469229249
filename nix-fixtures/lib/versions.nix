lib:
  [ (lib.versionAtLeast "1.2.3" "1.2") (lib.versionAtLeast "1.2" "1.10") (lib.versionOlder "1.2" "1.10") (lib.versionOlder "2" "2") (lib.versionAtLeast "2" "2") (lib.versionOlder "1.0pre" "1.0") ]
