lib:
  [ (lib.isBool true) (lib.isInt 1) (lib.typeOf { }) (lib.replaceStrings [ "a" ] [ "b" ] "aa") (lib.substring 1 2 "abcd") (lib.stringLength "abc") (lib.sort (a: b: a < b) [ 3 1 2 ]) (lib.strings.toJSON { a = 1; }) (lib.partition (x: x > 1) [ 1 2 3 ]) (lib.groupBy (x: x) [ "a" "b" "a" ]) ]
