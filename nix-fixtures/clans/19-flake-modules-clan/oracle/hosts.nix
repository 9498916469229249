{
  inventory.machines = {
    m1.tags = [ "vpn" ];
    m2.tags = [ "vpn" ];
    m3 = { };
  };
}
