{ inventory.instances.wg.roles.peer.tags.eu.settings.mtu = 1380; }
