{ networking.hostName = "foo"; }
