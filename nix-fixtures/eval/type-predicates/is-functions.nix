let vs = [ 1 1.5 "s" true null [ ] { } (x: x) ./p builtins.map ]; in {
  isAttrs = map builtins.isAttrs vs;
  isList = map builtins.isList vs;
  isString = map builtins.isString vs;
  isInt = map builtins.isInt vs;
  isBool = map builtins.isBool vs;
  isFunction = map builtins.isFunction vs;
  isPath = map builtins.isPath vs;
  isNull = map builtins.isNull vs;
  isFloat = map builtins.isFloat vs;
}
