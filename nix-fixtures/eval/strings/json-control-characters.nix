builtins.fromJSON "\"tab\\there\\u0001\\u001f\""
