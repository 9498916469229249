(builtins.tryEval { a = throw "inside"; }).success
