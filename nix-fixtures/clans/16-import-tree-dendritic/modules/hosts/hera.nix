{ fleet.hosts.hera.role = "server"; }
