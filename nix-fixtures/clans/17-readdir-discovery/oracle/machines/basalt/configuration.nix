{ networking.hostId = "00000000"; }
