[ (map (x: x) [ 1 ]) (toString 1) (isNull null) (baseNameOf "/a/b") (removeAttrs { a = 1; } [ "a" ]) ]
