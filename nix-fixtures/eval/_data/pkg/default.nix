# imported by path to its directory
{ name = "pkg"; version = 3; }
