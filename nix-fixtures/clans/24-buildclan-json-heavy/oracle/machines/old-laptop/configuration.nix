{ imports = [ ./hardware-configuration.nix ]; }
