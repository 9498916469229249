{
  inventory.instances.wg.module = {
    name = "wireguard";
    input = "clan-core";
  };
}
