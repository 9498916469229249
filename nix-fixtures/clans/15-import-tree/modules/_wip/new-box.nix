# work in progress: NOT imported (path component starts with `_`)
{ clan.inventory.machines.new-box.tags = [ "server" ]; }
