lib:
  (lib.filterAttrs (n: v: n != "b") { a = 1; b = throw "dropped"; c = throw "kept"; }).a
