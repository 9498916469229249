let name = "x" + "y"; in builtins.getAttr name { xy = "found"; }
