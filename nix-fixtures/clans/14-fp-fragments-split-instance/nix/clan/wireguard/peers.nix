{ clan.inventory.instances.wg.roles.peer.tags = [ "mobile" ]; }
