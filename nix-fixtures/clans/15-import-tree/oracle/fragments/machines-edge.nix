{ inventory.machines.edge.tags = [ "server" "public" ]; }
