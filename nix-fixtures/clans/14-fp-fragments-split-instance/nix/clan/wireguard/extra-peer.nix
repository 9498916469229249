{ clan.inventory.instances.wg.roles.peer.machines.delta = { }; }
