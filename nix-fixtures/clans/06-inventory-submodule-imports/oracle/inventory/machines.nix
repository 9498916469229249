{
  machines."relay-1" = {
    tags = [ "relay" ];
    machineClass = "nixos";
  };
  machines.relay-2.tags = [ "relay" ];
  machines."Build_Box".tags = [ "builder" ];
}
