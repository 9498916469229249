lib:
  (lib.genAttrs [ "a" "b" ] (n: if n == "a" then throw "boom" else 2)).b
