{
  flake.modules.clan.host-nuc = {
    inventory.machines.nuc.tags = [ "x86" "iot" "hub" ];
    machines.nuc = { };
  };
}
