{ config, ... }: { imports = [ ./disko.nix ]; }
