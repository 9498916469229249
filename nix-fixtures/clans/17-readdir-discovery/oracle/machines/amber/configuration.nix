{ networking.hostId = "00000003"; }
