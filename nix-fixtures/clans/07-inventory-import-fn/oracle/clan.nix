{ meta.name = "imported"; }
