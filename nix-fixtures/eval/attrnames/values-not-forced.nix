builtins.attrNames { a = throw "value a"; b = throw "value b"; }
