lib:
  lib.foldlAttrs (acc: n: v: acc ++ [ "${n}${toString v}" ]) [ "start" ] { b = 2; a = 1; }
