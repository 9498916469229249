lib:
  let o = lib.mkEnableOption "the thing"; in { inherit (o) _type default example description; }
