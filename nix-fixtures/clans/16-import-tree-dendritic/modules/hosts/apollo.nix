{ fleet.hosts.apollo.role = "desktop"; }
