{ inventory.instances.wg.roles.peer.settings.persistentKeepalive = 25; }
