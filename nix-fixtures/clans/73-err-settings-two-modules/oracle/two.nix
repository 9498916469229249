{ inventory.instances.i1.roles.peer.machines.jon.settings.b = 2; }
