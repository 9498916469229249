{
  # published but not imported into the clan
  flake.modules.clan.legacy = {
    inventory.machines.old-box.tags = [ "vpn" ];
  };
}
