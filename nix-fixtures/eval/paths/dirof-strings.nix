[ (dirOf "/a/b/c") (dirOf "a") (dirOf "/") (dirOf "/a") (dirOf "a/b/") ]
