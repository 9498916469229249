{ clan.meta.name = "fragments"; }
