{ self, lib }:
let
  workers = [ "w1" "w2" "w3" ];
  mkWorker = name: {
    inherit name;
    value = {
      tags = [ "worker" ] ++ lib.optional (name == "w1") "canary";
      deploy.targetHost = "root@${name}.imported.clan";
    };
  };
in
{
  machines = lib.listToAttrs (map mkWorker workers) // {
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
