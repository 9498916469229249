# skipped by import-tree: would otherwise declare a host
{ fleet.hosts.common.role = "server"; }
