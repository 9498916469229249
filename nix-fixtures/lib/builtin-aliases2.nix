lib:
  [ (lib.removeAttrs { a = 1; b = 2; } [ "a" ]) (lib.intersectAttrs { a = 0; } { a = 1; b = 2; }) (lib.catAttrs "a" [ { a = 1; } { } { a = 2; } ]) (lib.match "a(.)c" "abc") (lib.compareVersions "1.2" "1.10") (lib.splitVersion "1.2.3pre") (lib.seq 1 2) (lib.deepSeq [ 1 ] 3) (lib.add 1 2) (lib.lessThan 1 2) ]
