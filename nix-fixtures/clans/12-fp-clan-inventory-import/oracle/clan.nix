{ meta.name = "inv-import"; }
