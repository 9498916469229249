lib:
  [ (lib.imap0 (i: v: "${toString i}-${v}") [ "a" "b" ]) (lib.imap1 (i: v: i * v) [ 10 20 ]) ]
