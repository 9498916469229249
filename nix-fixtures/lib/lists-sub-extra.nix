lib:
  [ (lib.lists.count (x: x) [ true false ]) (lib.lists.imap1 (i: v: i) [ "a" ]) (lib.lists.range 1 2) (lib.lists.last [ 1 ]) (lib.lists.take 1 [ 1 2 ]) (lib.lists.subtractLists [ 1 ] [ 1 2 ]) (lib.lists.toList 1) ]
