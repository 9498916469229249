builtins.listToAttrs [ { name = "k"; value = "v"; extra = throw "ignored"; } ]
