# normalised: the value of the flake-parts `clan` option
{
  meta.name = "parts-inline";
  inventory.machines = {
    "edge-ams" = {
      tags = [ "edge" "eu" ];
      deploy.targetHost = "root@ams.example.net";
    };
    "edge-nyc" = {
      tags = [ "edge" "us" ];
      deploy.targetHost = "root@nyc.example.net";
    };
    origin.tags = [ "origin" "eu" ];
  };
  inventory.instances = {
    caddy = {
      module.input = "self";
      roles.proxy.tags = [ "edge" ];
      roles.proxy.machines."edge-ams".settings.region = "eu";
      roles.upstream.machines.origin = { };
    };
    mycelium.roles.peer.tags.all = { };
  };
}
