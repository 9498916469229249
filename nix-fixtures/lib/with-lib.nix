lib:
  with lib; mapAttrsToList (n: v: "${n}:${v}") (filterAttrs (n: v: hasSuffix "x" v) { a = "ax"; b = "by"; c = "cx"; })
