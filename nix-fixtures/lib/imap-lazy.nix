lib:
  builtins.length (lib.imap0 (i: v: throw "x") [ 1 2 3 ])
