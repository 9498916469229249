{ meta.name = "fragments"; }
