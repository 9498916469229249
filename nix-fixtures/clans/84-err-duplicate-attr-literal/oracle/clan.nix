# normalised: the flake-parts `clan` value (the same parse error)
{
  meta.name = "dupattr";
  inventory.machines.edge.tags = [ "edge" "eu" ];
  inventory.instances.caddy = {
    roles.proxy.tags = [ "edge" ];
    roles.proxy.tags.eu.settings.region = "eu";
  };
}
