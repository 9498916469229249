[ (builtins.isFunction { __functor = self: x: x; }) (builtins.isAttrs { __functor = self: x: x; }) ]
