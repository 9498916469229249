lib:
  builtins.length (lib.attrVals [ "missing" ] { })
