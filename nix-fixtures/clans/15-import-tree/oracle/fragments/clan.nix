{ meta.name = "tree"; }
