lib:
  [ (lib.isString "a") (lib.isList [ ]) (lib.isAttrs { }) (lib.isFunction (x: x)) (lib.isFunction { __functor = self: x: x; }) (lib.isFunction { }) (lib.isFunction lib.id) (lib.isString 1) ]
