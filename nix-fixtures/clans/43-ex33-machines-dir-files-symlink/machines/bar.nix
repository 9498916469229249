{ networking.hostName = "bar"; }
