builtins.elem 1 { a = 1; }
