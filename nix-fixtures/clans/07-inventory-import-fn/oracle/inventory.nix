# normalised: inventory.nix applied by hand (`import ./inventory.nix { inherit self lib; }`)
{
  machines = {
    w1 = {
      name = "w1";
      tags = [ "worker" "canary" ];
      deploy.targetHost = "root@w1.imported.clan";
    };
    w2 = {
      name = "w2";
      tags = [ "worker" ];
      deploy.targetHost = "root@w2.imported.clan";
    };
    w3 = {
      name = "w3";
      tags = [ "worker" ];
      deploy.targetHost = "root@w3.imported.clan";
    };
    control = {
      tags = [ "control-plane" ];
      description = "k3s server";
    };
  };

  instances = {
    k3s = {
      module.input = "self";
      roles.server.machines.control = { };
      roles.agent.tags.worker = { };
      roles.agent.tags.canary.settings.channel = "latest";
    };
    monitoring = {
      roles.server.machines.control = { };
      roles.client.tags = [ "worker" ];
    };
  };
}
