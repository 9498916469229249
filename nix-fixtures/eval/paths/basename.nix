[ (baseNameOf ./foo/bar.nix) (baseNameOf "/a/b/c.txt") (baseNameOf "/a/b/") (baseNameOf "plain") (baseNameOf "") ]
