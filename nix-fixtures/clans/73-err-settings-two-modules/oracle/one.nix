{ inventory.instances.i1.roles.peer.machines.jon.settings.a = 1; }
