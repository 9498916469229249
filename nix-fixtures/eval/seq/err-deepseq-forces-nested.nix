builtins.deepSeq { a = { b = throw "nested forced"; }; } "unreachable"
